package io.github.sparklstm.storage;

import io.github.sparklstm.config.Config;
import io.github.sparklstm.config.ConfigException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.UnsupportedFileSystemException;

/**
 * Files on any Hadoop file system (file://, hdfs://, s3a://). A path without a scheme resolves against
 * {@code fs.defaultFS}, as Spark's own readers and writers do: the local disk on a laptop, HDFS on a YARN cluster.
 * Local paths use the raw local file system: Hadoop's checksummed one would leave a .crc file beside every file we
 * write, and checkpoints carry their own sha256.
 */
public final class HadoopStore {

    /** Writes one file's bytes. */
    @FunctionalInterface
    public interface Writer {
        void write(OutputStream out) throws IOException;
    }

    private final FileSystem fs;
    private final Path root;

    private HadoopStore(FileSystem fs, Path root) {
        this.fs = fs;
        this.root = root;
    }

    /** The store at {@code location}; a location Hadoop cannot parse is a ConfigException naming it. */
    /** Why a file could not be read, in a few words: Hadoop's permission error reads as the JDK's does. */
    public static String describe(Exception e) {
        return e instanceof org.apache.hadoop.security.AccessControlException ? "permission denied"
                : io.github.sparklstm.config.Config.describe(e);
    }

    public static HadoopStore at(String location, Configuration conf) throws IOException {
        Path path;
        try {
            path = new Path(location);
        } catch (IllegalArgumentException e) {
            throw new io.github.sparklstm.config.ConfigException(location + ": not a valid path ("
                    + e.getMessage() + ")");
        }
        FileSystem fs = rawIfLocal(path.getFileSystem(conf));
        return new HadoopStore(fs, fs.makeQualified(path));
    }

    /**
     * The files matching {@code pattern} (a path or a Hadoop glob), in name order; a directory stands for the
     * visible files below it (names starting with "_" or "." are Spark's and Hadoop's bookkeeping, not data).
     */
    public static List<FileStatus> files(String pattern, Configuration conf) throws IOException {
        Path path = new Path(pattern);
        FileSystem fs = rawIfLocal(path.getFileSystem(conf));
        FileStatus[] matches = fs.globStatus(fs.makeQualified(path), p -> visible(p.getName()));
        List<FileStatus> files = new ArrayList<>();
        if (matches != null) {
            for (FileStatus match : matches) {
                collect(fs, match, files);
            }
        }
        files.sort((a, b) -> a.getPath().toString().compareTo(b.getPath().toString()));
        return files;
    }

    /** The file at exactly {@code path} (no glob), or null when there is none. */
    public static FileStatus status(String path, Configuration conf) throws IOException {
        Path p = new Path(path);
        FileSystem fs = rawIfLocal(p.getFileSystem(conf));
        try {
            return fs.getFileStatus(fs.makeQualified(p));
        } catch (FileNotFoundException e) {
            return null;
        }
    }

    private static void collect(FileSystem fs, FileStatus status, List<FileStatus> into) throws IOException {
        if (!status.isDirectory()) {
            into.add(status);
            return;
        }
        for (FileStatus child : fs.listStatus(status.getPath(), p -> visible(p.getName()))) {
            collect(fs, child, into);
        }
    }

    private static boolean visible(String name) {
        return !name.startsWith("_") && !name.startsWith(".");
    }

    private static FileSystem rawIfLocal(FileSystem fs) {
        return fs instanceof LocalFileSystem local ? local.getRawFileSystem() : fs;
    }

    public HadoopStore resolve(String child) {
        return new HadoopStore(fs, new Path(root, child));
    }

    public String location() {
        return root.toString();
    }

    /** The directory this store's path is in (itself at the root of a file system). */
    public HadoopStore parent() {
        return root.getParent() == null ? this : new HadoopStore(fs, root.getParent());
    }

    /** The last component of this store's path. */
    public String name() {
        return root.getName();
    }

    public String location(String child) {
        return new Path(root, child).toString();
    }

    public boolean exists(String child) throws IOException {
        return fs.exists(new Path(root, child));
    }

    public boolean exists() throws IOException {
        return fs.exists(root);
    }

    /** True when the directory does not exist or holds nothing. */
    public boolean isEmptyOrMissing() throws IOException {
        if (!fs.exists(root)) {
            return true;
        }
        if (!fs.getFileStatus(root).isDirectory()) {
            return false;
        }
        return fs.listStatus(root).length == 0;
    }

    public boolean isDirectory() throws IOException {
        return fs.exists(root) && fs.getFileStatus(root).isDirectory();
    }

    public InputStream open(String child) throws IOException {
        Path path = new Path(root, child);
        try {
            return fs.open(path);
        } catch (FileNotFoundException e) {
            throw new FileNotFoundException(path + ": file not found");
        }
    }

    /** The whole file this store points at. */
    public byte[] readAll() throws IOException {
        try (InputStream in = fs.open(root)) {
            return in.readAllBytes();
        } catch (FileNotFoundException e) {
            throw new FileNotFoundException(root + ": file not found");
        }
    }

    public byte[] readAll(String child) throws IOException {
        try (InputStream in = open(child)) {
            return in.readAllBytes();
        }
    }

    public void mkdirs() throws IOException {
        if (!fs.mkdirs(root)) {
            throw new IOException(root + ": cannot create directory");
        }
    }

    /**
     * Writes {@code child} through a temporary file in the same directory and a rename, so a reader never sees a
     * half-written file and a failed write leaves the previous version in place.
     */
    public void writeAtomically(String child, Writer writer) throws IOException {
        Path target = new Path(root, child);
        Path temp = new Path(target.getParent(), "." + target.getName() + "." + UUID.randomUUID() + ".tmp");
        try {
            try (OutputStream out = fs.create(temp, true)) {
                writer.write(out);
            }
            // Local rename replaces the target atomically; HDFS refuses an existing target through this API.
            boolean renamed = fs.rename(temp, target) || fs.exists(target) && replace(temp, target);
            if (!renamed) {
                throw new IOException(target + ": cannot rename " + temp.getName() + " into place");
            }
        } finally {
            deleteQuietly(temp);
        }
    }

    /** A file that lines are added to, each one readable as soon as it is added. */
    public interface LineLog extends java.io.Closeable {
        void add(String line) throws IOException;
    }

    /**
     * Writes {@code lines} to {@code child} atomically, then keeps the file open for more, each flushed to the file
     * system as it is added (hflush), so a process killed at any moment leaves whole lines; null where the file
     * system cannot append (object stores: there the caller rewrites the file instead).
     */
    public LineLog appendLines(String child, List<String> lines) throws IOException {
        byte[] text = lines.isEmpty() ? new byte[0]
                : (String.join("\n", lines) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        writeAtomically(child, out -> out.write(text));
        org.apache.hadoop.fs.FSDataOutputStream stream;
        try {
            stream = fs.append(new Path(root, child));
        } catch (UnsupportedOperationException | IOException e) {
            return null;
        }
        return new LineLog() {
            @Override
            public void add(String line) throws IOException {
                stream.write((line + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
                stream.hflush();
            }

            @Override
            public void close() throws IOException {
                stream.close();
            }
        };
    }

    /**
     * Renames {@code temp} over the existing {@code target} in one step where the file system can (HDFS, through
     * FileContext's rename with OVERWRITE), so a reader or a crash never meets a moment without the file; elsewhere
     * (object stores, whose renames are copies anyway) by deleting the target first.
     */
    private boolean replace(Path temp, Path target) throws IOException {
        try {
            FileContext.getFileContext(fs.getUri(), fs.getConf()).rename(temp, target, Options.Rename.OVERWRITE);
            return true;
        } catch (UnsupportedOperationException | UnsupportedFileSystemException e) {
            return fs.delete(target, false) && fs.rename(temp, target);
        }
    }

    /** Fills a directory, given its location. */
    @FunctionalInterface
    public interface DirectoryWriter {
        void write(String location) throws IOException;
    }

    /**
     * Writes the directory this store points at whole: {@code writer} fills a hidden sibling, which is renamed
     * into place when it is complete (after deleting an existing one when {@code overwrite}); a failure leaves
     * nothing at this place and no sibling.
     */
    public void publishDirectory(DirectoryWriter writer, boolean overwrite) throws IOException {
        HadoopStore parent = parent();
        String temporary = "." + name() + ".tmp-" + UUID.randomUUID();
        try {
            writer.write(parent.location(temporary));
            if (overwrite && exists()) {
                parent.delete(name());
            }
            parent.renameDirectory(temporary, name());
        } finally {
            if (parent.exists(temporary)) {
                parent.delete(temporary);
            }
        }
    }

    /** Renames directory {@code from} to {@code to} (both children of this store); fails if {@code to} exists. */
    public void renameDirectory(String from, String to) throws IOException {
        Path target = new Path(root, to);
        if (fs.exists(target)) {
            throw new IOException(target + ": already exists");
        }
        if (!fs.rename(new Path(root, from), target)) {
            throw new IOException(target + ": cannot rename " + from + " into place");
        }
    }

    public List<String> list() throws IOException {
        List<String> names = new ArrayList<>();
        if (!fs.exists(root)) {
            return names;
        }
        for (FileStatus status : fs.listStatus(root)) {
            names.add(status.getPath().getName());
        }
        names.sort(String::compareTo);
        return names;
    }

    public void delete(String child) throws IOException {
        fs.delete(new Path(root, child), true);
    }

    private void deleteQuietly(Path path) {
        try {
            fs.delete(path, true);
        } catch (IOException | RuntimeException ignored) {
            // best effort: a leftover temporary file is hidden (dot name) and never read
        }
    }
}
