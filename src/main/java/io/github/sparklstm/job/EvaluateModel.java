package io.github.sparklstm.job;

import io.github.sparklstm.data.LabeledImages;
import io.github.sparklstm.nn.ComputeThreads;
import io.github.sparklstm.nn.LstmClassifier;
import io.github.sparklstm.nn.Precision;
import io.github.sparklstm.spark.HadoopMnist;
import io.github.sparklstm.spark.HadoopStore;
import io.github.sparklstm.train.Evaluation;
import io.github.sparklstm.train.ModelFiles;
import io.github.sparklstm.train.SavedModel;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Loads a saved model directory and evaluates it on the MNIST test set in this process (no Spark): prints the
 * summary as JSON. {@code jobs/evaluate.sh --model runs/<run>/model}. Exit codes as {@link TrainJob}.
 */
@Command(name = "spark-lstm-evaluate", mixinStandardHelpOptions = true,
        description = "Evaluates a saved model on the MNIST test set and prints JSON.")
public final class EvaluateModel implements Callable<Integer> {

    @Option(names = "--model", required = true, paramLabel = "DIR", description = "model directory (any Hadoop path)")
    String model;

    @Option(names = "--data", paramLabel = "DIR", description = "MNIST directory (default: ${DEFAULT-VALUE})")
    String data = "data/mnist";

    @Option(names = "--batch-size", description = "evaluation batch size (default: ${DEFAULT-VALUE})")
    int batchSize = 500;

    private final PrintStream out;

    EvaluateModel(PrintStream out) {
        this.out = out;
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        return TrainJob.execute(new EvaluateModel(out), args, out, err);
    }

    @Override
    public Integer call() throws Exception {
        Configuration hadoop = new Configuration();
        HadoopStore dir = HadoopStore.at(model, hadoop);
        SavedModel saved;
        for (String name : new String[] {ModelFiles.JSON, ModelFiles.TENSORS}) {
            if (!dir.exists(name)) {
                throw new io.github.sparklstm.train.ModelFileException(dir.location(name), "file not found");
            }
        }
        try (InputStream json = dir.open(ModelFiles.JSON); InputStream tensors = dir.open(ModelFiles.TENSORS)) {
            saved = ModelFiles.read(json, dir.location(ModelFiles.JSON), tensors, dir.location(ModelFiles.TENSORS));
        }
        HadoopStore dataDir = HadoopStore.at(data, hadoop);
        LabeledImages test = HadoopMnist.readTest(dataDir);
        saved.view().checkFits(test, dataDir.location("t10k-images-idx3-ubyte.gz"));
        ComputeThreads.limit(1);
        LstmClassifier classifier = LstmClassifier.create(saved.spec(), saved.view().steps(), batchSize,
                Precision.FLOAT32);
        classifier.parameters().copyFrom(saved.parameters());
        Evaluation evaluation = Evaluation.of(classifier, test, saved.view());
        var summary = Summaries.of(evaluation);
        summary.put("model", dir.location());
        out.println(RunDirectory.JSON.copy().enable(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT)
                .writeValueAsString(summary));
        return 0;
    }
}
