package io.github.sparklstm.distributed.data;

import io.github.sparklstm.data.IdxReader;
import io.github.sparklstm.data.ImageView;
import io.github.sparklstm.data.InvalidDataException;
import io.github.sparklstm.data.MnistFiles;
import io.github.sparklstm.storage.DataFingerprint;
import io.github.sparklstm.storage.HadoopStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.PairFlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import scala.Tuple2;

/**
 * IDX image files and their label files as a data set the executors read. The driver reads only the headers (16
 * and 8 bytes) to count the records; each task then reads one file's records (a gzip stream cannot be split) or,
 * for raw files, a range of whole records, and tags every example with its position: files in name order, records
 * in file order.
 */
final class IdxSource implements DataSource {

    /**
     * Raw files are split into tasks of about this many bytes of records, like HDFS blocks; a Hadoop setting
     * ({@code spark.hadoop.sparklstm.idx.splitBytes}) changes it.
     */
    static final String SPLIT_BYTES = "sparklstm.idx.splitBytes";

    /** An images file, its labels file and what their headers say. */
    private record Pair(FileStatus images, FileStatus labels, long count, int height, int width, boolean rawImages,
                        boolean rawLabels) {
    }

    private final String described;
    private final List<Pair> pairs;
    private final ImageView view;
    private final long splitBytes;

    private IdxSource(String described, List<Pair> pairs, ImageView view, long splitBytes) {
        this.described = described;
        this.pairs = pairs;
        this.view = view;
        this.splitBytes = splitBytes;
    }

    /**
     * The set named by {@code pattern} (images files; the labels file of {@code x-images-idx3-ubyte.gz} is
     * {@code x-labels-idx1-ubyte.gz} beside it), or the MNIST file of {@code role} in {@code directory} when the
     * pattern is empty. {@code view} is null for the training set (its images decide the size) and the training
     * set's view for the test set, whose images must fit it.
     */
    static IdxSource plan(String pattern, String directory, DataSettings.Role role, String viewName,
                          long permutationSeed, ImageView view, Configuration conf) throws IOException {
        List<FileStatus> images = pattern.isEmpty() ? List.of(mnistFile(directory, role, "images", conf))
                : imagesMatching(pattern, role, conf);
        String described = pattern.isEmpty() ? images.get(0).getPath().toString() : pattern;
        List<Pair> pairs = new ArrayList<>();
        for (FileStatus file : images) {
            FileStatus labels = pattern.isEmpty() ? mnistFile(directory, role, "labels", conf)
                    : labelsBeside(file, conf);
            Pair pair = readHeaders(file, labels, conf);
            if (view == null) {
                view = ImageView.of(viewName, pair.height(), pair.width(), permutationSeed);
            }
            view.checkFits(pair.height(), pair.width(), file.getPath().toString());
            pairs.add(pair);
        }
        return new IdxSource(described, pairs, view, Math.max(1, conf.getLongBytes(SPLIT_BYTES, 128L << 20)));
    }

    ImageView view() {
        return view;
    }

    @Override
    public String describe() {
        return described;
    }

    @Override
    public long count() {
        long n = 0;
        for (Pair p : pairs) {
            n += p.count();
        }
        return n;
    }

    @Override
    public ExampleCodec codec() {
        return ExampleCodec.images(view);
    }

    @Override
    public DataFingerprint fingerprint() {
        List<DataFingerprint.FileEntry> files = new ArrayList<>();
        for (Pair p : pairs) {
            for (FileStatus f : List.of(p.images(), p.labels())) {
                files.add(new DataFingerprint.FileEntry(f.getPath().toString(), f.getLen(), f.getModificationTime()));
            }
        }
        return DataFingerprint.ofPaths(files);
    }

    @Override
    public Location where(long position) {
        long first = 0;
        for (Pair p : pairs) {
            if (position < first + p.count()) {
                return new Location(p.labels().getPath().toString(), "record " + (position - first));
            }
            first += p.count();
        }
        return new Location(described, "example " + position);
    }

    @Override
    public JavaPairRDD<Long, byte[]> read(JavaSparkContext sc, Broadcast<HadoopConf> conf, LabelRule labels,
                                          long limit) {
        List<Chunk> chunks = new ArrayList<>();
        long position = 0;
        for (Pair p : pairs) {
            long perChunk = p.rawImages() && p.rawLabels()
                    ? Math.max(1, splitBytes / ((long) p.height() * p.width())) : p.count();
            for (long first = 0; first < p.count() && position + first < limit; first += perChunk) {
                long records = Math.min(perChunk, p.count() - first);
                chunks.add(new Chunk(p.images().getPath().toString(), p.labels().getPath().toString(), p.count(),
                        p.height(), p.width(), first, records, position + first, first + records == p.count()));
            }
            position += p.count();
        }
        return sc.parallelize(chunks, Math.max(1, chunks.size()))
                .flatMapToPair(new ReadChunk(conf, codec(), labels, limit));
    }

    /* The images files a pattern names; labels files it also matches (a directory, x-*) sit beside them. */
    private static List<FileStatus> imagesMatching(String pattern, DataSettings.Role role, Configuration conf)
            throws IOException {
        List<FileStatus> all = HadoopStore.files(pattern, conf);
        if (all.isEmpty()) {
            throw new InvalidDataException(pattern, "no file matches (" + role.key + ")");
        }
        List<FileStatus> images = all.stream().filter(f -> f.getPath().getName().contains("images")).toList();
        if (images.isEmpty()) {
            throw new InvalidDataException(pattern, "matches no IDX images file (" + role.key + "): images files "
                    + "are named like train-images-idx3-ubyte.gz, with train-labels-idx1-ubyte.gz beside them");
        }
        return images;
    }

    private static FileStatus mnistFile(String directory, DataSettings.Role role, String kind, Configuration conf)
            throws IOException {
        HadoopStore dir = HadoopStore.at(directory, conf);
        if (!dir.isDirectory()) {
            throw new InvalidDataException(dir.location(), dir.exists() ? "not a directory" : "no such directory");
        }
        String gz = role == DataSettings.Role.TRAIN
                ? ("images".equals(kind) ? MnistFiles.TRAIN_IMAGES : MnistFiles.TRAIN_LABELS)
                : ("images".equals(kind) ? MnistFiles.TEST_IMAGES : MnistFiles.TEST_LABELS);
        String raw = gz.substring(0, gz.length() - ".gz".length());
        for (String name : List.of(gz, raw)) {
            FileStatus file = HadoopStore.status(dir.location(name), conf);
            if (file != null) {
                return file;
            }
        }
        throw new InvalidDataException(dir.location(gz), "file not found (nor " + raw + ")");
    }

    /* The MNIST convention: train-images-idx3-ubyte.gz beside train-labels-idx1-ubyte.gz. */
    private static FileStatus labelsBeside(FileStatus images, Configuration conf) throws IOException {
        String name = images.getPath().getName();
        int at = name.lastIndexOf("images");
        if (at < 0) {
            throw new InvalidDataException(images.getPath().toString(), "cannot tell its labels file: IDX image files"
                    + " are named like train-images-idx3-ubyte.gz, with train-labels-idx1-ubyte.gz beside them");
        }
        String labels = (name.substring(0, at) + "labels" + name.substring(at + "images".length()))
                .replace("idx3", "idx1");
        Path path = new Path(images.getPath().getParent(), labels);
        FileStatus found = HadoopStore.status(path.toString(), conf);
        if (found == null) {
            throw new InvalidDataException(path.toString(), "file not found (the labels of " + images.getPath() + ")");
        }
        return found;
    }

    private static Pair readHeaders(FileStatus images, FileStatus labels, Configuration conf) throws IOException {
        String imagesName = images.getPath().toString();
        String labelsName = labels.getPath().toString();
        IdxReader.IdxInput i = header(images, conf);
        IdxReader.IdxInput l = header(labels, conf);
        if (i.dims().length != 3) {
            throw new InvalidDataException(imagesName, "images must have 3 dimensions (count x height x width),"
                    + " found " + i.dims().length + ": " + java.util.Arrays.toString(i.dims()));
        }
        if (l.dims().length != 1) {
            throw new InvalidDataException(labelsName, "labels must have 1 dimension, found " + l.dims().length
                    + ": " + java.util.Arrays.toString(l.dims()));
        }
        if (i.count() != l.count()) {
            throw new InvalidDataException(labelsName, "has " + l.count() + " labels but " + imagesName + " has "
                    + i.count() + " images");
        }
        return new Pair(images, labels, i.count(), i.dims()[1], i.dims()[2], !i.gzip(), !l.gzip());
    }

    private static IdxReader.IdxInput header(FileStatus file, Configuration conf) throws IOException {
        if (file.isDirectory()) {
            throw new InvalidDataException(file.getPath().toString(), "is a directory, not an IDX file");
        }
        try (InputStream in = file.getPath().getFileSystem(conf).open(file.getPath())) {
            return IdxReader.open(in, file.getPath().toString());
        }
    }

    /** Records {@code [first, first + records)} of one file pair, whose examples start at {@code position}. */
    @com.esotericsoftware.kryo.DefaultSerializer(com.esotericsoftware.kryo.serializers.JavaSerializer.class)
    record Chunk(String images, String labels, long count, int height, int width, long first, long records,
                 long position, boolean last) implements Serializable {
    }

    /** The executor side: one chunk's records as (position, encoded example). */
    static final class ReadChunk implements PairFlatMapFunction<Chunk, Long, byte[]> {
        private static final long serialVersionUID = 1L;
        private final Broadcast<HadoopConf> conf;
        private final ExampleCodec codec;
        private final LabelRule labels;
        private final long limit;

        ReadChunk(Broadcast<HadoopConf> conf, ExampleCodec codec, LabelRule labels, long limit) {
            this.conf = conf;
            this.codec = codec;
            this.labels = labels;
            this.limit = limit;
        }

        @Override
        public Iterator<Tuple2<Long, byte[]>> call(Chunk chunk) throws IOException {
            return new Records(chunk, conf.value().get(), codec, labels, limit);
        }
    }

    /** Reads lazily, one record at a time: a file may be far larger than a task's memory. */
    private static final class Records implements Iterator<Tuple2<Long, byte[]>>, AutoCloseable {
        private final Chunk chunk;
        private final ExampleCodec codec;
        private final LabelRule labels;
        private final long end;
        private final InputStream imageStream;
        private final InputStream labelStream;
        private final IdxReader.IdxInput images;
        private final IdxReader.IdxInput labelInput;
        private final byte[] label = new byte[1];
        private long next;
        private boolean closed;

        Records(Chunk chunk, Configuration conf, ExampleCodec codec, LabelRule labels, long limit)
                throws IOException {
            this.chunk = chunk;
            this.codec = codec;
            this.labels = labels;
            this.end = Math.min(chunk.records(), limit - chunk.position());
            Path imagesPath = new Path(chunk.images());
            Path labelsPath = new Path(chunk.labels());
            imageStream = imagesPath.getFileSystem(conf).open(imagesPath);
            InputStream opened;
            try {
                opened = labelsPath.getFileSystem(conf).open(labelsPath);
            } catch (IOException | RuntimeException e) {
                imageStream.close();
                throw e;
            }
            labelStream = opened;
            TaskContext task = TaskContext.get();
            if (task != null) {
                task.addTaskCompletionListener((org.apache.spark.util.TaskCompletionListener) context -> close());
            }
            try {
                images = IdxReader.open(imageStream, chunk.images());
                labelInput = IdxReader.open(labelStream, chunk.labels());
                if (images.count() != chunk.count() || labelInput.count() != chunk.count()
                        || images.itemSize() != chunk.height() * chunk.width()) {
                    throw new InvalidDataException(chunk.images(), "changed while the job read it: the header now "
                            + "says " + java.util.Arrays.toString(images.dims()));
                }
                skip(images, chunk.first() * images.itemSize(), chunk.images());
                skip(labelInput, chunk.first(), chunk.labels());
            } catch (IOException | RuntimeException e) {
                close();
                throw e;
            }
        }

        private static void skip(IdxReader.IdxInput in, long bytes, String name) throws IOException {
            try {
                in.data().skipNBytes(bytes);
            } catch (java.util.zip.ZipException e) {
                throw IdxReader.corruptGzip(name, e);
            } catch (java.io.EOFException e) {
                throw in.gzip() ? IdxReader.corruptGzip(name, e)
                        : new InvalidDataException(name, "truncated: fewer records than the header declares");
            }
        }

        /** Reads one record, naming the file that is short or corrupt. */
        private static void read(IdxReader.IdxInput in, byte[] into, String name, long record) {
            try {
                in.readRecord(into, name, record);
            } catch (java.util.zip.ZipException | java.io.EOFException e) {
                throw new UncheckedIOException(IdxReader.corruptGzip(name, e));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private static void expectEnd(IdxReader.IdxInput in, long declared, String name) {
            try {
                in.expectEnd(name, declared);
            } catch (java.util.zip.ZipException | java.io.EOFException e) {
                throw new UncheckedIOException(IdxReader.corruptGzip(name, e));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public boolean hasNext() {
            if (next < end) {
                return true;
            }
            if (!closed && chunk.last() && end == chunk.records()) {
                expectEnd(images, chunk.count() * images.itemSize(), chunk.images());
                expectEnd(labelInput, chunk.count(), chunk.labels());
            }
            close();
            return false;
        }

        @Override
        public Tuple2<Long, byte[]> next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            long record = chunk.first() + next;
            byte[] pixels = new byte[images.itemSize()];
            read(images, pixels, chunk.images(), record);
            read(labelInput, label, chunk.labels(), record);
            int value = label[0] & 0xFF;
            int classIndex;
            try {
                classIndex = labels.classOf(value);
            } catch (IllegalArgumentException e) {
                throw new UncheckedIOException(new InvalidDataException(chunk.labels(), "record " + record + ": "
                        + e.getMessage()));
            }
            return new Tuple2<>(chunk.position() + next++, codec.encodeImage(classIndex, pixels));
        }

        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            for (InputStream in : new InputStream[] {imageStream, labelStream}) {
                try {
                    in.close();
                } catch (IOException ignored) {
                    // reading is over; a failing close loses nothing
                }
            }
        }
    }
}
