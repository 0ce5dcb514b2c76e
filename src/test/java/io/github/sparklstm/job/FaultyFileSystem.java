package io.github.sparklstm.job;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.util.Progressable;

/**
 * The local file system under the scheme {@code faulty://}, which fails writes on demand the way a full disk or a
 * read-only directory does, at the Hadoop layer the job writes through. Register it with
 * {@code spark.hadoop.fs.faulty.impl}. {@link #failCreatesUnder} arms it: creating a file whose path contains the
 * marker fails once {@code allowed} such files were created; {@link #failMidWrite} makes the failure happen after
 * some bytes were written (disk full) rather than at open (permission denied).
 */
public class FaultyFileSystem extends RawLocalFileSystem {

    private static volatile String marker;
    private static volatile boolean midWrite;
    private static final AtomicInteger ALLOWED = new AtomicInteger();

    static void failCreatesUnder(String pathMarker, int allowed, boolean failMidWrite) {
        ALLOWED.set(allowed);
        midWrite = failMidWrite;
        marker = pathMarker;
    }

    static void reset() {
        marker = null;
    }

    @Override
    public URI getUri() {
        return URI.create("faulty:///");
    }

    @Override
    public String getScheme() {
        return "faulty";
    }

    @Override
    public FSDataOutputStream create(Path f, FsPermission permission, boolean overwrite, int bufferSize,
                                     short replication, long blockSize, Progressable progress) throws IOException {
        return faulty(f, super.create(f, permission, overwrite, bufferSize, replication, blockSize, progress));
    }

    @Override
    public FSDataOutputStream create(Path f, boolean overwrite, int bufferSize, short replication, long blockSize,
                                     Progressable progress) throws IOException {
        return faulty(f, super.create(f, overwrite, bufferSize, replication, blockSize, progress));
    }

    private FSDataOutputStream faulty(Path f, FSDataOutputStream real) throws IOException {
        String armed = marker;
        if (armed != null && f.toString().contains(armed) && ALLOWED.getAndDecrement() <= 0) {
            if (!midWrite) {
                real.close();
                delete(f, false);
                throw new java.nio.file.AccessDeniedException(f + ": Permission denied");
            }
            return new FSDataOutputStream(new OutputStream() {
                private long written;

                @Override
                public void write(int b) throws IOException {
                    write(new byte[] {(byte) b}, 0, 1);
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    if (written + len > 4096) {
                        throw new IOException("No space left on device");
                    }
                    real.write(b, off, len);
                    written += len;
                }

                @Override
                public void close() throws IOException {
                    real.close();
                }
            }, null);
        }
        return real;
    }
}
