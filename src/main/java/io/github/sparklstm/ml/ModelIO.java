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
 * Persistence of {@link LstmClassificationModel}: Spark's {@code metadata/} (class, uid, Params) written by its own
 * writer, beside the model directory the job writes ({@code model.json}, {@code model.safetensors},
 * {@code history.jsonl}). A directory without {@code metadata/} is a job's model: it loads with default Params.
 */
final class ModelIO {

    private ModelIO() {
    }

    static final class Writer extends MLWriter {
        private final LstmClassificationModel instance;

        Writer(LstmClassificationModel instance) {
            this.instance = instance;
        }

        @Override
        public void saveImpl(String path) {
            DefaultParamsWriter$.MODULE$.saveMetadata(instance, path, sc(), Option.empty(), Option.empty());
            try {
                ModelDirectory.write(HadoopStore.at(path, sc().hadoopConfiguration()), instance.savedModel(),
                        instance.historyLines());
            } catch (IOException e) {
                throw new UncheckedIOException(path + ": model not saved (" + e.getMessage() + ")", e);
            }
        }
    }

    static final class Reader extends MLReader<LstmClassificationModel> {
        @Override
        public LstmClassificationModel load(String path) {
            SavedModel saved;
            java.util.List<String> history;
            boolean hasMetadata;
            try {
                HadoopStore dir = HadoopStore.at(path, sc().hadoopConfiguration());
                saved = ModelDirectory.read(dir);
                history = ModelDirectory.history(dir);
                hasMetadata = dir.exists("metadata");
            } catch (io.github.sparklstm.data.InvalidDataException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (!hasMetadata) {
                LstmClassificationModel model = new LstmClassificationModel(
                        Identifiable$.MODULE$.randomUID("lstmClassifier"), saved, history);
                return model.fromArchitecture();
            }
            var metadata = DefaultParamsReader.loadMetadata(path, sc(), LstmClassificationModel.class.getName());
            LstmClassificationModel model = new LstmClassificationModel(metadata.uid(), saved, history);
            metadata.getAndSetParams(model, Option.empty());
            return model;
        }
    }
}
