package io.github.sparklstm.job;

import io.github.sparklstm.data.LabeledImages;
import io.github.sparklstm.data.MnistFiles;
import io.github.sparklstm.data.SequenceView;
import io.github.sparklstm.nn.ModelSpec;
import io.github.sparklstm.spark.HadoopMnist;
import io.github.sparklstm.spark.HadoopStore;
import java.io.IOException;
import org.apache.hadoop.conf.Configuration;

/** The data and model a configuration describes, read and checked: what every kind of run starts from. */
record JobInputs(HadoopStore dataDir, LabeledImages train, LabeledImages test, SequenceView view, ModelSpec spec) {

    static JobInputs load(JobConfig config, Configuration hadoop) throws IOException {
        HadoopStore dataDir = HadoopStore.at(config.get("data.path"), hadoop);
        LabeledImages train = limit(HadoopMnist.readTrain(dataDir), config.integer("data.trainLimit"));
        LabeledImages test = limit(HadoopMnist.readTest(dataDir), config.integer("data.testLimit"));
        SequenceView view = SequenceView.of(config.get("data.view"), train.height(), train.width(),
                config.longInteger("data.permutationSeed"));
        if ("standardize".equals(config.get("data.normalize"))) {
            view = view.standardizedFor(train);
        }
        view.checkFits(train, dataDir.location(MnistFiles.TRAIN_IMAGES));
        view.checkFits(test, dataDir.location(MnistFiles.TEST_IMAGES));
        ModelSpec spec = new ModelSpec(view.features(), config.integer("model.hidden"),
                config.integer("model.layers"), config.flag("model.peepholes"), MnistFiles.CLASSES);
        return new JobInputs(dataDir, train, test, view, spec);
    }

    private static LabeledImages limit(LabeledImages images, int limit) {
        return limit > 0 && limit < images.size() ? images.subset(0, limit) : images;
    }
}
