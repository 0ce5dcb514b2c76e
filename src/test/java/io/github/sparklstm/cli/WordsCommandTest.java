package io.github.sparklstm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sparklstm.run.Failures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The words subcommand end to end on two small word lists (Debian's file names): it writes tables and task.json
 * that the job trains on as sequences of different lengths, and it refuses an unknown language in one line.
 */
class WordsCommandTest {

    @TempDir
    Path dir;

    @Test
    void writesTablesTheJobTrainsOn() throws Exception {
        Path dict = Files.createDirectories(dir.resolve("dict"));
        List<String> english = new ArrayList<>();
        List<String> german = new ArrayList<>();
        for (String stem : List.of("walk", "talk", "sing", "ring", "play", "work", "read", "call", "look", "jump")) {
            english.addAll(List.of(stem, stem + "ing", stem + "ed", stem + "s"));
        }
        for (String stem : List.of("straß", "größ", "schön", "mädch", "häus", "bäum", "füß", "süß", "heiß", "weiß")) {
            german.addAll(List.of(stem + "e", stem + "en", stem + "er", stem + "chen"));
        }
        Files.write(dict.resolve("american-english"), english);
        Files.write(dict.resolve("ngerman"), german);
        Path tables = dir.resolve("words");
        JobHarness.Outcome built = JobHarness.run(List.of("words", "--output", tables.toString(), "--dict",
                dict.toString(), "--languages", "english,german", "--per-language", "40"));
        assertEquals(0, built.exitCode(), built.err());
        assertTrue(built.out().contains("2 languages, 64 training and 16 test words"), built.out());
        assertTrue(Files.readString(tables.resolve("task.json")).contains("baseline_majority_accuracy"));

        JobHarness.Outcome trained = JobHarness.run(List.of("data.format=parquet",
                "data.train=" + tables.resolve("train"), "data.test=" + tables.resolve("test"), "data.normalize=none",
                "output=" + dir.resolve("run"), "train.epochs=1", "model.hidden=4", "train.batchSize=8",
                "log.progress=none", "train.workers=2"));
        assertEquals(0, trained.exitCode(), trained.err());
        assertTrue(trained.out().contains("2 classes, sequences of 1 to "), trained.out());

        JobHarness.Outcome unknown = JobHarness.run(List.of("words", "--output", dir.resolve("x").toString(),
                "--dict", dict.toString(), "--languages", "english,klingon"));
        assertEquals(Failures.EXIT_CONFIG, unknown.exitCode());
        assertTrue(unknown.err().contains("unknown language klingon"), unknown.err());
    }
}
