package io.github.sparklstm.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The shipped MNIST copy is byte-identical to the one documented in data/mnist/README.md. */
class ShippedDataTest {

    @ParameterizedTest
    @CsvSource({
        MnistFiles.TRAIN_IMAGES + ", 440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609",
        MnistFiles.TRAIN_LABELS + ", 3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c",
        MnistFiles.TEST_IMAGES + ", 8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6",
        MnistFiles.TEST_LABELS + ", f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6",
    })
    void sha256Matches(String file, String expected) throws IOException, NoSuchAlgorithmException {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        try (InputStream in = new DigestInputStream(Files.newInputStream(TestData.mnistDir().resolve(file)), sha)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        assertEquals(expected, HexFormat.of().formatHex(sha.digest()), file);
    }
}
