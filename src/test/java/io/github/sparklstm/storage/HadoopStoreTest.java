package io.github.sparklstm.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HadoopStoreTest {

    @Test
    void aPathWithoutASchemeResolvesAgainstTheDefaultFileSystem(@TempDir Path dir) throws Exception {
        Configuration conf = new Configuration();
        assertEquals("file:" + dir.resolve("x"), HadoopStore.at(dir.resolve("x").toString(), conf).location());
        conf.set("fs.defaultFS", "faulty:///");
        conf.set("fs.faulty.impl", "io.github.sparklstm.cli.FaultyFileSystem");
        assertEquals("faulty:" + dir.resolve("x"), HadoopStore.at(dir.resolve("x").toString(), conf).location());
        assertEquals("file:" + dir.resolve("y"), HadoopStore.at("file://" + dir.resolve("y"), conf).location());
    }

    @Test
    void filesOfAGlobOrDirectoryInNameOrderWithoutBookkeeping(@TempDir Path dir) throws Exception {
        Path table = dir.resolve("table");
        Files.createDirectories(table.resolve("year=2026"));
        for (String name : List.of("part-00001.parquet", "part-00000.parquet", "_SUCCESS", ".part-00000.crc",
                "year=2026/part-00000.parquet")) {
            Files.writeString(table.resolve(name), name);
        }
        Configuration conf = new Configuration();
        List<String> all = HadoopStore.files(table.toString(), conf).stream().map(s -> s.getPath().getName()).toList();
        assertEquals(List.of("part-00000.parquet", "part-00001.parquet", "part-00000.parquet"), all);
        List<FileStatus> glob = HadoopStore.files(table.resolve("part-*.parquet").toString(), conf);
        assertEquals(2, glob.size());
        assertTrue(HadoopStore.files(dir.resolve("none-*").toString(), conf).isEmpty());
    }

    @Test
    void fingerprintsNameWhatChangedAndIgnoreWhereTheDataLive() {
        DataFingerprint then = DataFingerprint.ofPaths(List.of(
                new DataFingerprint.FileEntry("hdfs://nn/data/set/a.parquet", 10, 1000),
                new DataFingerprint.FileEntry("hdfs://nn/data/set/b.parquet", 20, 2000),
                new DataFingerprint.FileEntry("hdfs://nn/data/set/c.parquet", 30, 3000)));
        assertEquals("a.parquet", then.files().get(0).name());
        DataFingerprint moved = DataFingerprint.ofPaths(List.of(
                new DataFingerprint.FileEntry("file:/copy/c.parquet", 30, 3000),
                new DataFingerprint.FileEntry("file:/copy/a.parquet", 10, 1000),
                new DataFingerprint.FileEntry("file:/copy/b.parquet", 20, 2000)));
        assertTrue(moved.changesSince(then).isEmpty());
        DataFingerprint changed = DataFingerprint.ofPaths(List.of(
                new DataFingerprint.FileEntry("/d/a.parquet", 11, 1000),
                new DataFingerprint.FileEntry("/d/b.parquet", 20, 2500),
                new DataFingerprint.FileEntry("/d/d.parquet", 40, 4000)));
        List<String> changes = changed.changesSince(then);
        assertEquals(4, changes.size(), changes.toString());
        assertTrue(changes.get(0).startsWith("a.parquet changed size from 10 to 11"), changes.toString());
        assertTrue(changes.get(1).startsWith("b.parquet was modified"), changes.toString());
        assertEquals("d.parquet is new", changes.get(2));
        assertEquals("c.parquet is gone", changes.get(3));
        Map<String, DataFingerprint> both = DataFingerprint.split(DataFingerprint.combine(Map.of("train", then)));
        assertEquals(then, both.get("train"));
        assertEquals(then, DataFingerprint.parse(then.toText()));
    }
}
