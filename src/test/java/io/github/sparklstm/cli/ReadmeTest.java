package io.github.sparklstm.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sparklstm.config.Config;
import io.github.sparklstm.config.ConfigKey;
import io.github.sparklstm.config.ConfigKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README's settings table is the configuration users get: every key, with its real default. */
class ReadmeTest {

    @Test
    void everyKeyIsDocumentedWithItsDefault() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        for (ConfigKey key : ConfigKeys.ALL) {
            String row = "| `" + key.name() + "` | " + (key.defaultValue().isEmpty() ? "(see meaning)"
                    : "`" + key.defaultValue() + "`") + " |";
            assertTrue(readme.contains(row), "README lacks or misstates " + key.name() + ": expected " + row);
        }
    }

    @Test
    void theShippedConfigFileOnlyRestatesDefaults() throws Exception {
        Config shipped = Config.load(TrainCommand.DEFAULT_CONFIG, java.util.List.of());
        Config defaults = Config.load(null, java.util.List.of());
        assertTrue(shipped.equals(defaults), "conf/mnist-lstm.properties and ConfigKeys disagree: "
                + shipped.values() + " vs " + defaults.values());
    }
}
