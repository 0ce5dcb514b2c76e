package io.github.sparklstm.cli;

import io.github.sparklstm.config.ConfigException;
import io.github.sparklstm.data.TextSymbols;
import io.github.sparklstm.model.ModelDirectory;
import io.github.sparklstm.model.SavedModel;
import io.github.sparklstm.storage.HadoopStore;
import io.github.sparklstm.train.Generation;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code jobs/generate.sh --model DIR --prompt TEXT [--length N] [--temperature T] [--top-k K] [--seed S]}: text
 * from a language model (one trained on data.format=text), written after its prompt on stdout. One JVM, no Spark
 * job: generation is one step per symbol. The same model, prompt and options give the same text; the prompt's
 * symbols outside the vocabulary are said on stderr and read as {@code <unk>}. With {@code --score} the prompt is
 * scored instead: one JSON line with its bits per symbol and the log-probability of each symbol after the ones
 * before it (what jobs/peer/torch_charlm_parity.py compares with PyTorch's).
 */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Writes text from a language model after a prompt.")
public final class GenerateCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, paramLabel = "DIR", description = "model directory (any Hadoop path)")
    String model;

    @Option(names = "--prompt", description = "the text to continue (at least one symbol)")
    String prompt;

    @Option(names = "--prompt-file", paramLabel = "PATH", description = "the prompt read from a UTF-8 file (any "
            + "Hadoop path) instead")
    String promptFile;

    @Option(names = "--score", description = "score the prompt instead of continuing it: bits per symbol and each "
            + "symbol's log-probability, as JSON")
    boolean score;

    @Option(names = "--length", description = "symbols to add (default: ${DEFAULT-VALUE})")
    int length = 200;

    @Option(names = "--temperature", description = "sharpens (< 1) or flattens (> 1) the model's distribution; 0: "
            + "always the likeliest symbol (default: ${DEFAULT-VALUE})")
    double temperature = 1.0;

    @Option(names = "--top-k", description = "draw only among the K likeliest symbols; 0: all (default: "
            + "${DEFAULT-VALUE})")
    int topK = 0;

    @Option(names = "--seed", description = "seed of the draws (default: ${DEFAULT-VALUE})")
    long seed = 1;

    private final PrintStream out;
    private final PrintStream err;

    GenerateCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call() throws Exception {
        Generation.Settings settings;
        try {
            settings = new Generation.Settings(length, temperature, topK, seed);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("--length " + length + ", --temperature " + temperature + ", --top-k " + topK
                    + ": expected --length >= 0, --temperature >= 0 and --top-k >= 0");
        }
        if ((prompt == null) == (promptFile == null)) {
            throw new ConfigException("give the prompt as --prompt TEXT or --prompt-file PATH (one of them)");
        }
        var hadoop = SparkSetup.hadoopConfiguration(SparkSetup.sparkConf());
        String text = prompt != null ? prompt : TextSymbols.decode(HadoopStore.at(promptFile, hadoop).readAll(),
                promptFile);
        SavedModel saved = ModelDirectory.read(HadoopStore.at(model, hadoop));
        if (!saved.format().isText()) {
            throw new ConfigException("--model " + model + ": not a language model (one trained on "
                    + "data.format=text)");
        }
        TextSymbols.Unit unit = saved.format().text();
        TextSymbols vocabulary = TextSymbols.listed(saved.labels().names());
        List<String> symbols = unit.split(text);
        if (symbols.isEmpty()) {
            throw new ConfigException("--prompt: give at least one symbol (" + unit.name().toLowerCase() + ")");
        }
        int[] numbers = vocabulary.encode(symbols);
        List<String> unseen = symbols.stream().filter(s -> !vocabulary.contains(s)).distinct().toList();
        if (!unseen.isEmpty()) {
            err.println("generate: the prompt's " + unseen.stream().map(s -> "\"" + s + "\"").toList()
                    + " are not in the model's vocabulary: read as " + TextSymbols.UNKNOWN);
        }
        if (score) {
            double[] logs = Generation.logProbabilities(saved.spec(), saved.format().steps(), saved.parameters(),
                    numbers);
            var json = new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode();
            var each = json.putArray("log_probabilities");
            for (double l : logs) {
                each.add(l);
            }
            json.put("symbols", symbols.size());
            json.put("scored", logs.length);
            json.put("bits_per_symbol", Generation.bitsPerSymbol(logs));
            out.println(json);
            return 0;
        }
        int[] generated = Generation.continuation(saved.spec(), saved.format().steps(), saved.parameters(), numbers,
                settings);
        List<String> written = new ArrayList<>(symbols);
        for (int n : generated) {
            written.add(vocabulary.symbol(n));
        }
        out.println(unit.join(written));
        return 0;
    }
}
