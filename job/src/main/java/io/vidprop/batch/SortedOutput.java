package io.vidprop.batch;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.stream.Stream;

/**
 * Merges an output directory's part files into one JSON-lines file sorted by camera and sequence number, holding one
 * line per part file in memory: each part holds one camera's records in sequence order (the proposal operator gets
 * each camera's frames sorted by frame number), so a merge of the parts is the whole sort.
 */
public final class SortedOutput {
    private SortedOutput() {}

    /** The file dead letters go to next to {@code proposals.jsonl}: {@code proposals.dead-letters.jsonl}. */
    public static Path deadLetterFile(Path out) {
        String name = out.getFileName().toString();
        String stem = name.endsWith(".jsonl") ? name.substring(0, name.length() - ".jsonl".length()) : name;
        return out.resolveSibling(stem + ".dead-letters.jsonl");
    }

    /** Lines written: proposal records, dead letters. */
    public record Counts(long proposals, long deadLetters) {}

    /** Writes {@code outDir}'s proposals to {@code out} and its dead letters to {@link #deadLetterFile}. */
    public static Counts merge(Path outDir, Path out) throws IOException {
        Path parent = out.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        long proposals = merge(parts(outDir.resolve(BatchSinks.PROPOSALS_DIR)), out);
        long deadLetters = merge(parts(outDir.resolve(BatchSinks.DEAD_LETTERS_DIR)), deadLetterFile(out));
        return new Counts(proposals, deadLetters);
    }

    /** The finished part files below {@code dir} (not the hidden in-progress ones). */
    static List<Path> parts(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).filter(p -> {
                String n = p.getFileName().toString();
                return n.startsWith(BatchSinks.PART_PREFIX) && n.endsWith(BatchSinks.PART_SUFFIX);
            }).sorted().toList();
        }
    }

    private static long merge(List<Path> parts, Path out) throws IOException {
        PriorityQueue<Part> heads = new PriorityQueue<>(Comparator.comparing((Part p) -> p.camera)
                .thenComparingLong(p -> p.sequence));
        List<Part> open = new ArrayList<>();
        long lines = 0;
        try (BufferedWriter w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
            for (Path p : parts) {
                Part part = new Part(p);
                open.add(part);
                if (part.advance()) {
                    heads.add(part);
                }
            }
            while (!heads.isEmpty()) {
                Part p = heads.poll();
                w.write(p.line);
                w.newLine();
                lines++;
                if (p.advance()) {
                    heads.add(p);
                }
            }
        } finally {
            for (Part p : open) {
                p.reader.close();
            }
        }
        return lines;
    }

    /** A part file's current line and its (camera, sequence). */
    private static final class Part {
        final Path file;
        final BufferedReader reader;
        String line;
        String camera;
        long sequence = Long.MIN_VALUE;

        Part(Path file) throws IOException {
            this.file = file;
            this.reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
        }

        boolean advance() throws IOException {
            line = reader.readLine();
            if (line == null) {
                return false;
            }
            JsonObject o = JsonParser.parseString(line).getAsJsonObject();
            String c = o.get("cameraId").getAsString();
            long s = o.get("sequence").getAsLong();
            if (camera != null && (c.compareTo(camera) < 0 || (c.equals(camera) && s < sequence))) {
                throw new IllegalStateException(file + ": " + c + "#" + s + " after " + camera + "#" + sequence
                        + ": a part file out of order cannot be merged");
            }
            camera = c;
            sequence = s;
            return true;
        }
    }
}
