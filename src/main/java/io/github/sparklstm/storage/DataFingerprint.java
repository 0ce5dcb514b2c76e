package io.github.sparklstm.storage;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a data set's files were when a run read them: names (relative to the set's common directory, so a moved
 * data set still matches), sizes and modification times. A checkpoint keeps it; resuming compares.
 */
public record DataFingerprint(List<FileEntry> files) {

    public record FileEntry(String name, long size, long modified) {
    }

    public DataFingerprint {
        files = List.copyOf(files);
    }

    /** From absolute paths: names become relative to their longest common directory. */
    public static DataFingerprint ofPaths(List<FileEntry> absolute) {
        String prefix = commonDirectory(absolute);
        List<FileEntry> relative = new ArrayList<>();
        for (FileEntry e : absolute) {
            relative.add(new FileEntry(e.name().substring(prefix.length()), e.size(), e.modified()));
        }
        relative.sort((a, b) -> a.name().compareTo(b.name()));
        return new DataFingerprint(relative);
    }

    private static String commonDirectory(List<FileEntry> files) {
        if (files.isEmpty()) {
            return "";
        }
        String first = files.get(0).name();
        String prefix = first;
        for (FileEntry e : files) {
            String name = e.name();
            int k = 0;
            while (k < prefix.length() && k < name.length() && prefix.charAt(k) == name.charAt(k)) {
                k++;
            }
            prefix = prefix.substring(0, k);
        }
        return prefix.substring(0, prefix.lastIndexOf('/') + 1);
    }

    /** One line per file: name, size, modification time, tab-separated. */
    public String toText() {
        StringBuilder text = new StringBuilder();
        for (FileEntry e : files) {
            text.append(e.name()).append('\t').append(e.size()).append('\t').append(e.modified()).append('\n');
        }
        return text.toString();
    }

    public static DataFingerprint parse(String text) {
        List<FileEntry> files = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            String[] parts = line.split("\t");
            if (parts.length != 3) {
                throw new IllegalArgumentException("malformed data fingerprint line: " + line);
            }
            files.add(new FileEntry(parts[0], Long.parseLong(parts[1]), Long.parseLong(parts[2])));
        }
        return new DataFingerprint(files);
    }

    /** Several named fingerprints (train, test) as one text: a "[name]" line before each. */
    public static String combine(Map<String, DataFingerprint> named) {
        StringBuilder text = new StringBuilder();
        named.forEach((name, print) -> text.append('[').append(name).append("]\n").append(print.toText()));
        return text.toString();
    }

    /** What differs between two combined fingerprints, one phrase per file; empty when either is unknown (""). */
    public static List<String> changes(String then, String now) {
        List<String> changes = new java.util.ArrayList<>();
        if (then.isEmpty() || now.isEmpty()) {
            return changes;
        }
        Map<String, DataFingerprint> before = split(then);
        split(now).forEach((set, print) -> print.changesSince(before.getOrDefault(set,
                new DataFingerprint(List.of()))).forEach(change -> changes.add(set + " " + change)));
        return changes;
    }

    /** The fingerprints {@link #combine} wrote, by name. */
    public static Map<String, DataFingerprint> split(String text) {
        Map<String, DataFingerprint> named = new LinkedHashMap<>();
        String name = null;
        StringBuilder section = new StringBuilder();
        for (String line : (text + "\n[]").split("\n")) {
            if (line.startsWith("[") && line.endsWith("]")) {
                if (name != null) {
                    named.put(name, parse(section.toString()));
                }
                name = line.substring(1, line.length() - 1);
                section.setLength(0);
            } else if (!line.isEmpty()) {
                section.append(line).append('\n');
            }
        }
        return named;
    }

    /** What differs from {@code earlier}, one phrase per file, empty when nothing does. */
    public List<String> changesSince(DataFingerprint earlier) {
        Map<String, FileEntry> before = new LinkedHashMap<>();
        earlier.files.forEach(e -> before.put(e.name(), e));
        List<String> changes = new ArrayList<>();
        for (FileEntry now : files) {
            FileEntry then = before.remove(now.name());
            if (then == null) {
                changes.add(now.name() + " is new");
            } else if (then.size() != now.size()) {
                changes.add(now.name() + " changed size from " + then.size() + " to " + now.size() + " bytes");
            } else if (then.modified() != now.modified()) {
                changes.add(now.name() + " was modified (" + java.time.Instant.ofEpochMilli(then.modified()) + " -> "
                        + java.time.Instant.ofEpochMilli(now.modified()) + ")");
            }
        }
        before.keySet().forEach(name -> changes.add(name + " is gone"));
        return changes;
    }
}
