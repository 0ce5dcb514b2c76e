package io.github.sparklstm.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.util.Progressable;

/**
 * The local file system under the scheme {@code faulty://}, failing writes the way a full disk or a read-only
 * directory does, at the Hadoop layer the job writes through. Configured like any Hadoop file system, so it works
 * in a submitted driver too (as {@code --conf spark.hadoop.fs.faulty.*} with the test classes on the driver's class
 * path):
 * <ul>
 * <li>{@code fs.faulty.impl} = this class;</li>
 * <li>{@code fs.faulty.failCreatesUnder}: creating a file whose path contains this text fails;</li>
 * <li>{@code fs.faulty.mode}: {@code full} (fails after 4 KB were written: disk full) or {@code denied} (fails at
 * open: permission denied).</li>
 * </ul>
 */
public class FaultyFileSystem extends RawLocalFileSystem {

    static final String MARKER = "fs.faulty.failCreatesUnder";
    static final String MODE = "fs.faulty.mode";
    private final AtomicInteger failures = new AtomicInteger();

    @Override
    public void initialize(URI uri, Configuration conf) throws IOException {
        super.initialize(uri, conf);
        setConf(conf);
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
        String marker = getConf().get(MARKER);
        if (marker == null || !f.toString().contains(marker)) {
            return real;
        }
        failures.incrementAndGet();
        if ("denied".equals(getConf().get(MODE, "full"))) {
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
}
