package io.github.sparklstm.model;

import io.github.sparklstm.storage.HadoopStore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A model directory on any Hadoop file system: {@code model.json}, {@code model.safetensors} and the training
 * history {@code history.jsonl} (the run's metrics records). The job's run directory and a saved Spark ML model
 * both keep their model so; Spark's {@code metadata/} may sit beside.
 */
public final class ModelDirectory {

    public static final String HISTORY = "history.jsonl";

    private ModelDirectory() {
    }

    /** Writes the three files, each atomically; the tensors first, so a model.json never names missing weights. */
    public static void write(HadoopStore dir, SavedModel model, List<String> history) throws IOException {
        dir.mkdirs();
        ByteArrayOutputStream json = new ByteArrayOutputStream();
        ByteArrayOutputStream tensors = new ByteArrayOutputStream();
        ModelFiles.write(model, json, tensors);
        byte[] lines = (String.join("\n", history) + (history.isEmpty() ? "" : "\n")).getBytes(StandardCharsets.UTF_8);
        dir.writeAtomically(HISTORY, out -> out.write(lines));
        dir.writeAtomically(ModelFiles.TENSORS, tensors::writeTo);
        dir.writeAtomically(ModelFiles.JSON, json::writeTo);
    }

    /** The model, both files cross-checked; a missing or damaged file is a ModelFileException naming it. */
    public static SavedModel read(HadoopStore dir) throws IOException {
        for (String name : new String[] {ModelFiles.JSON, ModelFiles.TENSORS}) {
            if (!dir.exists(name)) {
                throw new ModelFileException(dir.location(name), "file not found");
            }
        }
        try (InputStream json = dir.open(ModelFiles.JSON); InputStream tensors = dir.open(ModelFiles.TENSORS)) {
            return ModelFiles.read(json, dir.location(ModelFiles.JSON), tensors, dir.location(ModelFiles.TENSORS));
        }
    }

    /** The history records, none when the directory has no history file. */
    public static List<String> history(HadoopStore dir) throws IOException {
        List<String> lines = new ArrayList<>();
        if (dir.exists(HISTORY)) {
            for (String line : new String(dir.readAll(HISTORY), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank()) {
                    lines.add(line);
                }
            }
        }
        return lines;
    }
}
