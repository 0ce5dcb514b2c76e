package io.github.sparklstm.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.sparklstm.config.ConfigException;
import io.github.sparklstm.config.ConfigKey;
import io.github.sparklstm.config.ConfigKeys;
import io.github.sparklstm.run.RunDirectory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The trials of a sweep: every combination of {@code --grid key=a,b,c} values, in the order given, or {@code N}
 * random draws from {@code --range key=SPEC} (log:lo:hi, lin:lo:hi, int:lo:hi, choice:a,b,c) with a seed. The list
 * is a function of the command line, so a rerun finds the same trials in the same directories.
 */
public record Trials(List<String> keys, List<Trial> trials) {

    /** One trial: its name (its directory under trials/) and the settings it changes. */
    public record Trial(String name, Map<String, String> settings) {
        public ObjectNode toJson() {
            ObjectNode t = RunDirectory.JSON.createObjectNode();
            t.put("name", name);
            ObjectNode s = t.putObject("settings");
            settings.forEach(s::put);
            return t;
        }
    }

    public static Trials grid(List<String> grid) {
        Map<String, List<String>> axes = new LinkedHashMap<>();
        for (String axis : grid) {
            String[] kv = split(axis, "--grid");
            List<String> values = new ArrayList<>();
            for (String v : kv[1].split(",")) {
                values.add(check(kv[0], v.strip(), "--grid"));
            }
            if (axes.put(kv[0], values) != null) {
                throw new ConfigException("--grid " + kv[0] + ": given twice");
            }
        }
        List<Map<String, String>> combinations = new ArrayList<>(List.of(new LinkedHashMap<>()));
        for (var axis : axes.entrySet()) {
            List<Map<String, String>> next = new ArrayList<>();
            for (Map<String, String> partial : combinations) {
                for (String value : axis.getValue()) {
                    Map<String, String> more = new LinkedHashMap<>(partial);
                    more.put(axis.getKey(), value);
                    next.add(more);
                }
            }
            combinations = next;
        }
        return of(new ArrayList<>(axes.keySet()), combinations);
    }

    public static Trials random(int count, List<String> ranges, long seed) {
        if (count < 1) {
            throw new ConfigException("--random " + count + ": draw at least one trial");
        }
        Map<String, String[]> specs = new LinkedHashMap<>();
        for (String range : ranges) {
            String[] kv = split(range, "--range");
            String[] spec = kv[1].split(":", 2);
            if (spec.length != 2 || !List.of("log", "lin", "int", "choice").contains(spec[0])) {
                throw new ConfigException("--range " + range + ": expected key=log:LO:HI, lin:LO:HI, int:LO:HI or "
                        + "choice:A,B,...");
            }
            specs.put(kv[0], new String[] {spec[0], spec[1], kv[0]});
        }
        SplittableRandom random = new SplittableRandom(seed);
        List<Map<String, String>> draws = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Map<String, String> draw = new LinkedHashMap<>();
            for (var spec : specs.entrySet()) {
                draw.put(spec.getKey(), check(spec.getKey(), drawOne(spec.getValue(), random), "--range"));
            }
            draws.add(draw);
        }
        return of(new ArrayList<>(specs.keySet()), draws);
    }

    private static String drawOne(String[] spec, SplittableRandom random) {
        String kind = spec[0];
        if (kind.equals("choice")) {
            String[] choices = spec[1].split(",");
            return choices[random.nextInt(choices.length)].strip();
        }
        String[] bounds = spec[1].split(":");
        if (bounds.length != 2) {
            throw new ConfigException("--range " + spec[2] + "=" + kind + ":" + spec[1] + ": expected LO:HI");
        }
        double lo;
        double hi;
        try {
            lo = Double.parseDouble(bounds[0]);
            hi = Double.parseDouble(bounds[1]);
        } catch (NumberFormatException e) {
            throw new ConfigException("--range " + spec[2] + "=" + kind + ":" + spec[1] + ": LO and HI must be "
                    + "numbers");
        }
        if (!(lo < hi) || kind.equals("log") && lo <= 0) {
            throw new ConfigException("--range " + spec[2] + "=" + kind + ":" + spec[1] + ": need 0 < LO < HI for log, "
                    + "LO < HI otherwise");
        }
        return switch (kind) {
            case "log" -> format(Math.exp(Math.log(lo) + random.nextDouble() * (Math.log(hi) - Math.log(lo))));
            case "lin" -> format(lo + random.nextDouble() * (hi - lo));
            default -> Long.toString((long) lo + random.nextLong((long) hi - (long) lo + 1));
        };
    }

    /* Four significant digits: values a person can read in a table and type again. */
    private static String format(double value) {
        return String.format(Locale.ROOT, "%.4g", value).replaceAll("(\\.\\d*?)0+(e|$)", "$1$2")
                .replaceAll("\\.(e|$)", "$1");
    }

    private static Trials of(List<String> keys, List<Map<String, String>> settings) {
        List<Trial> trials = new ArrayList<>();
        for (int i = 0; i < settings.size(); i++) {
            trials.add(new Trial(String.format("trial-%03d", i), settings.get(i)));
        }
        return new Trials(List.copyOf(keys), List.copyOf(trials));
    }

    private static String[] split(String setting, String option) {
        int eq = setting.indexOf('=');
        if (eq <= 0 || eq == setting.length() - 1) {
            throw new ConfigException(option + " " + setting + ": expected key=values");
        }
        return new String[] {setting.substring(0, eq).strip(), setting.substring(eq + 1).strip()};
    }

    /* A value the key accepts, or the key's own message; output and resume belong to the sweep. */
    private static String check(String key, String value, String option) {
        ConfigKey k = ConfigKeys.get(key);
        if (k == null) {
            throw new ConfigException(option + ": unknown key '" + key + "' (did you mean '" + ConfigKeys.nearest(key)
                    + "'?)");
        }
        if (List.of("output", "output.overwrite", "resume").contains(key)) {
            throw new ConfigException(option + " " + key + ": the sweep decides it");
        }
        return k.check(value);
    }

    public ObjectNode toJson() {
        ObjectNode plan = RunDirectory.JSON.createObjectNode();
        var keyArray = plan.putArray("keys");
        keys.forEach(keyArray::add);
        var trialArray = plan.putArray("trials");
        trials.forEach(t -> trialArray.add(t.toJson()));
        return plan;
    }
}
