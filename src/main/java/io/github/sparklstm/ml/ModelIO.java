package io.github.sparklstm.ml;

import io.github.sparklstm.data.InvalidDataException;
import io.github.sparklstm.model.ModelDirectory;
import io.github.sparklstm.model.SavedModel;
import io.github.sparklstm.storage.HadoopStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWriter;
import scala.Option;
import org.apache.spark.ml.util.DefaultParamsWriter$;
import org.apache.spark.ml.util.Identifiable$;

/**
 * Persistence of {@link LstmClassificationModel} and {@link LstmLanguageModel}: Spark's {@code metadata/} (class,
 * uid, Params) written by its own writer, beside the model directory the job writes ({@code model.json},
 * {@code model.safetensors}, {@code history.jsonl}). A directory without {@code metadata/} is a job's model: it
 * loads with default Params.
 */
final class ModelIO {

    private ModelIO() {
    }

    /** What a model directory holds: the model, its training history, and whether Spark's metadata is there. */
    record Files(SavedModel model, java.util.List<String> history, boolean hasMetadata) {
    }

    /** Spark's metadata of {@code instance} and the job's model files, under {@code path}. */
    static void saveFiles(org.apache.spark.ml.param.Params instance, String path, org.apache.spark.SparkContext sc,
                     SavedModel model, java.util.List<String> history) {
        DefaultParamsWriter$.MODULE$.saveMetadata(instance, path, sc, Option.empty(), Option.empty());
        try {
            ModelDirectory.write(HadoopStore.at(path, sc.hadoopConfiguration()), model, history);
        } catch (IOException e) {
            throw new UncheckedIOException(path + ": model not saved (" + e.getMessage() + ")", e);
        }
    }

    /** The files under {@code path}; a bad model file is an IllegalArgumentException with the job's message. */
    static Files readFiles(String path, org.apache.spark.SparkContext sc) {
        try {
            HadoopStore dir = HadoopStore.at(path, sc.hadoopConfiguration());
            return new Files(ModelDirectory.read(dir), ModelDirectory.history(dir), dir.exists("metadata"));
        } catch (io.github.sparklstm.data.InvalidDataException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static final class Writer extends MLWriter {
        private final LstmClassificationModel instance;

        Writer(LstmClassificationModel instance) {
            this.instance = instance;
        }

        @Override
        public void saveImpl(String path) {
            saveFiles(instance, path, sc(), instance.savedModel(), instance.historyLines());
        }
    }

    static final class Reader extends MLReader<LstmClassificationModel> {
        @Override
        public LstmClassificationModel load(String path) {
            Files files = readFiles(path, sc());
            if (!files.hasMetadata()) {
                LstmClassificationModel model = new LstmClassificationModel(
                        Identifiable$.MODULE$.randomUID("lstmClassifier"), files.model(), files.history());
                return model.fromArchitecture();
            }
            var metadata = DefaultParamsReader.loadMetadata(path, sc(), LstmClassificationModel.class.getName());
            LstmClassificationModel model = new LstmClassificationModel(metadata.uid(), files.model(),
                    files.history());
            metadata.getAndSetParams(model, Option.empty());
            return model;
        }
    }
}
