package io.github.sparklstm.distributed.training;

import io.github.sparklstm.config.Config;
import io.github.sparklstm.model.SafeTensors;
import io.github.sparklstm.model.Tensor;
import io.github.sparklstm.storage.HadoopStore;
import io.github.sparklstm.train.ModelSelection;
import io.github.sparklstm.train.Position;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Checkpoints of a run in a directory of any Hadoop file system, one sub-directory per checkpoint:
 * {@code round-000000120/state.safetensors} (all tensors, the position and config as metadata) and
 * {@code round-000000120/state.sha256} (its digest). A checkpoint is written into a hidden temporary directory and
 * renamed into place only when complete; older ones are deleted only after the new one is in place. On load, a
 * checkpoint whose digest does not match is reported by file name and the previous one is used.
 */
public final class Checkpoints {

    static final String STATE = "state.safetensors";
    static final String DIGEST = "state.sha256";
    private static final String PREFIX = "round-";
    private static final String PARAMETERS = "parameters";
    private static final String OPTIMIZER_STATE = "optimizer_state";
    private static final String BEST_PARAMETERS = "best_parameters";
    /* Every other tensor of a state file is the outer optimizer's. */
    private static final Set<String> OWN_TENSORS = Set.of(PARAMETERS, OPTIMIZER_STATE, BEST_PARAMETERS);

    private final HadoopStore dir;
    private final int keep;

    public Checkpoints(HadoopStore dir, int keep) {
        if (keep < 1) {
            throw new IllegalArgumentException("keep at least one checkpoint, got " + keep);
        }
        this.dir = dir;
        this.keep = keep;
    }

    public String location() {
        return dir.location();
    }

    /** Writes {@code checkpoint} atomically, then prunes to the newest {@code keep}. Returns its location. */
    public String save(Checkpoint checkpoint) throws IOException {
        byte[] state = encode(checkpoint);
        String name = name(checkpoint.round());
        String temp = "." + name + ".tmp-" + java.util.UUID.randomUUID();
        HadoopStore staging = dir.resolve(temp);
        try {
            staging.mkdirs();
            staging.writeAtomically(STATE, out -> out.write(state));
            staging.writeAtomically(DIGEST, out -> out.write((sha256(state) + "  " + STATE + "\n")
                    .getBytes(StandardCharsets.US_ASCII)));
            if (dir.exists(name)) {
                dir.delete(name); // a stale one from a run that was resumed from an earlier round
            }
            dir.renameDirectory(temp, name);
        } catch (IOException | RuntimeException e) {
            try {
                dir.delete(temp);
            } catch (IOException ignored) {
                // the write already failed; the hidden leftover is never read
            }
            throw new IOException(dir.location(name) + ": checkpoint not written (" + e.getMessage()
                    + "); the previous checkpoint is intact", e);
        }
        prune();
        return dir.location(name);
    }

    /**
     * What a run of {@code now}'s settings would change in the training that wrote {@code c}: the keys that decide
     * its result, but the partition count where {@code partitionsMayChange} (an elastic restart), as "key=now (then:
     * value)". Resuming needs none.
     */
    public List<String> differences(Checkpoint c, Config now, boolean partitionsMayChange) {
        return now.differencesFrom(Config.fromProperties(c.config(), location()), partitionsMayChange);
    }

    /**
     * The newest checkpoint that reads back intact, or empty when there is none at all. Damaged ones are reported
     * to {@code warnings} and skipped; if checkpoints exist but none is intact, that is an error.
     */
    public Optional<Checkpoint> latestGood(Consumer<String> warnings) throws IOException {
        List<String> names = names();
        List<String> problems = new ArrayList<>();
        for (int k = names.size() - 1; k >= 0; k--) {
            String name = names.get(k);
            try {
                Checkpoint checkpoint = read(name);
                if (!problems.isEmpty()) {
                    warnings.accept("using checkpoint " + dir.location(name) + " instead");
                }
                return Optional.of(checkpoint);
            } catch (IOException | RuntimeException e) {
                String problem = e.getMessage();
                problems.add(problem);
                warnings.accept("damaged checkpoint skipped: " + problem);
            }
        }
        if (!problems.isEmpty()) {
            throw new IOException(dir.location() + ": no intact checkpoint (" + String.join("; ", problems) + ")");
        }
        return Optional.empty();
    }

    public List<String> names() throws IOException {
        List<String> names = new ArrayList<>();
        for (String name : dir.list()) {
            if (name.startsWith(PREFIX)) {
                names.add(name);
            }
        }
        return names;
    }

    Checkpoint read(String name) throws IOException {
        HadoopStore checkpoint = dir.resolve(name);
        String stateFile = checkpoint.location(STATE);
        if (!checkpoint.exists(STATE)) {
            throw new IOException(stateFile + ": missing");
        }
        if (!checkpoint.exists(DIGEST)) {
            throw new IOException(checkpoint.location(DIGEST) + ": missing");
        }
        byte[] state = checkpoint.readAll(STATE);
        String recorded = new String(checkpoint.readAll(DIGEST), StandardCharsets.US_ASCII).trim().split("\\s+")[0];
        if (!recorded.equals(sha256(state))) {
            throw new IOException(stateFile + ": sha256 does not match " + DIGEST + " (file altered or truncated)");
        }
        return decode(state, stateFile);
    }

    private void prune() throws IOException {
        List<String> names = names();
        for (int k = 0; k < names.size() - keep; k++) {
            dir.delete(names.get(k));
        }
        // Hidden half-written checkpoints of a driver that was killed mid-write: only one driver writes a run, and
        // its own write is in place by now.
        for (String name : dir.list()) {
            if (name.startsWith("." + PREFIX)) {
                dir.delete(name);
            }
        }
    }

    static String name(long round) {
        return String.format("%s%09d", PREFIX, round);
    }

    static byte[] encode(Checkpoint c) throws IOException {
        LinkedHashMap<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put(PARAMETERS, Tensor.f32(new int[] {c.parameters().length}, c.parameters()));
        tensors.put(OPTIMIZER_STATE, Tensor.f32(new int[] {c.optimizerState().length}, c.optimizerState()));
        new TreeMap<>(c.outerState()).forEach((name, values) ->
                tensors.put(name, Tensor.f32(new int[] {values.length}, values)));
        float[] best = c.selection().bestParameters();
        tensors.put(BEST_PARAMETERS, Tensor.f32(new int[] {best.length}, best));
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("round", Long.toString(c.position().round()));
        metadata.put("epoch", Integer.toString(c.position().epoch()));
        metadata.put("batch_in_epoch", Integer.toString(c.position().batchInEpoch()));
        metadata.put("global_step", Long.toString(c.position().step()));
        metadata.put("optimizer_updates", Long.toString(c.optimizerUpdates()));
        metadata.put("learning_rate_scale", Double.toString(c.learningRateScale()));
        metadata.put("partitions", Integer.toString(c.partitions()));
        metadata.put("batches_per_epoch", Integer.toString(c.batchesPerEpoch()));
        metadata.put("config", c.config());
        metadata.put("data_fingerprint", c.dataFingerprint());
        metadata.put("best_metric", Double.toString(c.selection().bestMetric()));
        metadata.put("best_epoch", Integer.toString(c.selection().bestEpoch()));
        metadata.put("best_round", Long.toString(c.selection().bestRound()));
        metadata.put("since_best", Integer.toString(c.selection().sinceBest()));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SafeTensors.write(out, tensors, metadata);
        return out.toByteArray();
    }

    static Checkpoint decode(byte[] state, String source) throws IOException {
        SafeTensors.Contents contents = SafeTensors.read(new ByteArrayInputStream(state), source);
        Map<String, String> m = contents.metadata();
        try {
            return new Checkpoint(new Position(Long.parseLong(m.get("round")), Integer.parseInt(m.get("epoch")),
                    Integer.parseInt(m.get("batch_in_epoch")), Long.parseLong(m.get("global_step"))),
                    Long.parseLong(m.get("optimizer_updates")), Double.parseDouble(m.get("learning_rate_scale")),
                    Integer.parseInt(m.get("partitions")), Integer.parseInt(m.getOrDefault("batches_per_epoch", "0")),
                    floats(contents, PARAMETERS, source),
                    floats(contents, OPTIMIZER_STATE, source), outerState(contents),
                    requireText(m, "config", source),
                    m.getOrDefault("data_fingerprint", ""), selection(contents, m, source));
        } catch (NumberFormatException | NullPointerException e) {
            throw new IOException(source + ": checkpoint metadata incomplete or malformed");
        }
    }

    /*
     * The tensors that are neither parameters nor optimizer state nor model selection's: the outer optimizer's
     * (checkpoints of plain averaging from before there were several kept empty BMUF tensors, which are dropped).
     */
    private static Map<String, float[]> outerState(SafeTensors.Contents contents) {
        Map<String, float[]> state = new TreeMap<>();
        contents.tensors().forEach((name, tensor) -> {
            if (!OWN_TENSORS.contains(name) && tensor.size() > 0) {
                state.put(name, tensor.toFloats());
            }
        });
        return state;
    }

    /* Checkpoints from before model selection have none: a fresh selection then. */
    private static ModelSelection.State selection(SafeTensors.Contents contents, Map<String, String> m, String source)
            throws IOException {
        if (!m.containsKey("best_metric")) {
            return ModelSelection.State.initial();
        }
        return new ModelSelection.State(Double.parseDouble(m.get("best_metric")), Integer.parseInt(m.get("best_epoch")),
                Long.parseLong(m.get("best_round")), Integer.parseInt(m.get("since_best")),
                floats(contents, BEST_PARAMETERS, source));
    }

    private static float[] floats(SafeTensors.Contents contents, String name, String source) throws IOException {
        Tensor tensor = contents.tensors().get(name);
        if (tensor == null) {
            throw new IOException(source + ": missing tensor " + name);
        }
        return tensor.toFloats();
    }

    private static String requireText(Map<String, String> metadata, String key, String source) throws IOException {
        String value = metadata.get(key);
        if (value == null) {
            throw new IOException(source + ": missing " + key);
        }
        return value;
    }

    static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
