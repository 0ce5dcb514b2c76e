package io.github.sparklstm.distributed.data;

import io.github.sparklstm.data.InvalidDataException;
import io.github.sparklstm.data.TextSymbols;
import io.github.sparklstm.data.TextWindows;
import io.github.sparklstm.storage.DataFingerprint;
import io.github.sparklstm.storage.HadoopStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionCodecFactory;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import scala.Tuple2;

/**
 * Plain text files (any Hadoop path or glob; .gz and Hadoop's other codecs read as such) as next-symbol windows,
 * for a language model: each file, in name order, is cut into symbols ({@code data.text.unit}), and its part
 * (the first 1 - {@code data.text.heldOut} of its symbols for training, the rest for testing) into windows of
 * {@code data.text.window} steps whose every step is labelled with the symbol after it ({@link TextWindows}).
 *
 * <p>One task per file reads it twice: when planning, to count its symbols and, for the training set, the
 * symbols of its training part (the driver merges the counts into the vocabulary, {@link TextSymbols}); and when
 * loading, to emit its windows tagged with their positions. Symbols outside the vocabulary become
 * {@link TextSymbols#UNKNOWN}. A file is one task, so a file must fit a task's memory as text.
 */
final class TextSource implements DataSource {

    /** The largest vocabulary, <unk> included: the softmax over it is a step's largest product past a few thousand. */
    static final int MAX_SYMBOLS = 65_536;

    /** What the planning pass learns of one file. */
    @com.esotericsoftware.kryo.DefaultSerializer(com.esotericsoftware.kryo.serializers.JavaSerializer.class)
    record FileText(String path, long size, long modified, int symbols, int from, int to,
                    Map<String, Long> counts) implements Serializable {
        /** Windows its part gives. */
        long windows(int window) {
            int targets = Math.max(0, to - from - 1);
            return (targets + window - 1) / window;
        }
    }

    private final String described;
    private final DataSettings.Text text;
    private final List<FileText> files;
    private final boolean training;

    private TextSource(String described, DataSettings.Text text, List<FileText> files, boolean training) {
        this.described = described;
        this.text = text;
        this.files = files;
        this.training = training;
    }

    /**
     * Plans {@code pattern}'s files: their training part when {@code training}, else their held-out end (or all of
     * them when {@code whole}: a test set of its own).
     */
    static TextSource plan(JavaSparkContext sc, DataSettings.Text text, String pattern, String key, boolean training,
                           boolean whole) throws IOException {
        Configuration conf = sc.hadoopConfiguration();
        List<FileStatus> listed = HadoopStore.files(pattern, conf);
        if (listed.isEmpty()) {
            throw new InvalidDataException(pattern, "no file matches (" + key + ")");
        }
        List<String[]> paths = new ArrayList<>();
        for (FileStatus f : listed) {
            paths.add(new String[] {f.getPath().toString(), Long.toString(f.getLen()),
                    Long.toString(f.getModificationTime())});
        }
        Broadcast<HadoopConf> shipped = sc.broadcast(new HadoopConf(conf));
        double held = whole ? 0 : text.heldOut();
        List<FileText> files = new ArrayList<>(sc.parallelize(paths, paths.size()).map(p -> {
            String content = textOf(p[0], shipped.value().get());
            int[] n = {0};
            text.unit().forEach(content, s -> n[0]++);
            int heldFrom = TextWindows.heldFrom(n[0], held);
            int from = training || whole ? 0 : heldFrom;
            int to = training ? heldFrom : n[0];
            Map<String, Long> counts = new HashMap<>();
            if (training) {
                int[] k = {0};
                text.unit().forEach(content, s -> {
                    if (k[0]++ < heldFrom) {
                        counts.merge(s, 1L, Long::sum);
                    }
                });
            }
            return new FileText(p[0], Long.parseLong(p[1]), Long.parseLong(p[2]), n[0], from, to, counts);
        }).collect());
        shipped.destroy();
        TextSource source = new TextSource(pattern, text, files, training);
        if (source.count() == 0) {
            throw new InvalidDataException(pattern, (files.stream().allMatch(f -> f.symbols() == 0) ? "holds no text"
                    : "gives no window of two symbols") + " (" + key + (training ? "" : ", data.text.heldOut="
                    + text.heldOut()) + ")");
        }
        return source;
    }

    /** A file's text: read whole, decoded as strict UTF-8. */
    static String textOf(String path, Configuration conf) throws IOException {
        Path p = new Path(path);
        CompressionCodec codec = new CompressionCodecFactory(conf).getCodec(p);
        byte[] bytes;
        try (InputStream raw = p.getFileSystem(conf).open(p);
             InputStream in = codec == null ? raw : codec.createInputStream(raw)) {
            bytes = in.readAllBytes();
        }
        return TextSymbols.decode(bytes, path);
    }

    /**
     * The vocabulary, in the sorted order class numbers take: the training parts' symbols seen at least
     * {@code data.text.minCount} times, the most frequent {@code data.text.maxVocabulary} (0: all), and
     * {@link TextSymbols#UNKNOWN}.
     */
    @Override
    public List<String> stringLabels(int max) throws InvalidDataException {
        Map<String, Long> counts = new HashMap<>();
        for (FileText f : files) {
            f.counts().forEach((k, v) -> counts.merge(k, v, Long::sum));
        }
        List<String> chosen = TextSymbols.of(counts, text.minCount(), text.maxVocabulary()).symbols();
        if (chosen.size() < 3) {
            throw new InvalidDataException(described, "gives a vocabulary of " + (chosen.size() - 1) + " symbol"
                    + (chosen.size() == 2 ? " (" + chosen.get(1).replace("\n", "\\n") + ")" : "s") + " with "
                    + "data.text.minCount=" + text.minCount() + ": nothing to predict");
        }
        int limit = Math.min(max, MAX_SYMBOLS);
        if (chosen.size() > limit) {
            throw new InvalidDataException(described, "has " + chosen.size() + " symbols, more than " + limit
                    + ": set data.text.maxVocabulary (at most " + limit + ") or data.text.minCount");
        }
        return new ArrayList<>(new TreeSet<>(chosen));
    }

    /** Symbols of the training parts, for the run's first lines. */
    long symbols() {
        return files.stream().mapToLong(f -> f.to() - f.from()).sum();
    }

    @Override
    public String describe() {
        return described;
    }

    @Override
    public long count() {
        return files.stream().mapToLong(f -> f.windows(text.window())).sum();
    }

    @Override
    public ExampleCodec codec() {
        return ExampleCodec.floats(text.window(), 1, true);
    }

    @Override
    public DataFingerprint fingerprint() {
        List<DataFingerprint.FileEntry> entries = new ArrayList<>();
        for (FileText f : files) {
            entries.add(new DataFingerprint.FileEntry(f.path(), f.size(), f.modified()));
        }
        return DataFingerprint.ofPaths(entries);
    }

    @Override
    public Location where(long position) {
        long first = 0;
        for (FileText f : files) {
            long n = f.windows(text.window());
            if (position < first + n) {
                long from = f.from() + (position - first) * text.window();
                return new Location(f.path(), "window " + (position - first) + " (symbols " + from + "..)");
            }
            first += n;
        }
        return new Location(described, "window " + position);
    }

    @Override
    public JavaPairRDD<Long, byte[]> read(JavaSparkContext sc, Broadcast<HadoopConf> conf, LabelRule labels,
                                          long limit) {
        List<Long> firsts = new ArrayList<>();
        long first = 0;
        for (FileText f : files) {
            firsts.add(first);
            first += f.windows(text.window());
        }
        List<Tuple2<FileText, Long>> work = new ArrayList<>();
        for (int k = 0; k < files.size(); k++) {
            work.add(new Tuple2<>(withoutCounts(files.get(k)), firsts.get(k)));
        }
        DataSettings.Text settings = text;
        ExampleCodec codec = codec();
        TextSymbols vocabulary = TextSymbols.listed(labels.names());
        return sc.parallelize(work, work.size()).flatMapToPair(task -> {
            FileText f = task._1();
            String content = textOf(f.path(), conf.value().get());
            int[] numbers = new int[f.symbols()];
            int[] k = {0};
            settings.unit().forEach(content, s -> {
                if (k[0] < numbers.length) {
                    numbers[k[0]] = vocabulary.number(s);
                }
                k[0]++;
            });
            if (k[0] != f.symbols()) {
                throw new UncheckedIOException(new InvalidDataException(f.path(), "has " + k[0] + " symbols where "
                        + "the plan counted " + f.symbols() + ": the file changed while the job read it"));
            }
            var windows = TextWindows.of(numbers, f.from(), f.to(), settings.window());
            List<Tuple2<Long, byte[]>> out = new ArrayList<>();
            int start = 0;
            for (int w = 0; w < windows.labels().length && task._2() + w < limit; w++) {
                int end = windows.ends()[w];
                float[] values = java.util.Arrays.copyOfRange(windows.values(), start, end);
                int[] steps = java.util.Arrays.copyOfRange(windows.stepLabels(), start, end);
                out.add(new Tuple2<>(task._2() + w, codec.encodeSteps(steps, values)));
                start = end;
            }
            return out.iterator();
        });
    }

    private static FileText withoutCounts(FileText f) {
        return new FileText(f.path(), f.size(), f.modified(), f.symbols(), f.from(), f.to(), Map.of());
    }

    boolean training() {
        return training;
    }
}
