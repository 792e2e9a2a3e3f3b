package io.vidprop.labels;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * MOT-challenge ground truth ({@code gt/gt.txt}): one box a line, {@code frame, id, left, top, width, height[,
 * consider, class, visibility]}, frames counted from 1 (so MOT frame 1 is frame index 0). Lines whose
 * {@code consider} flag is 0 (distractors, static people, reflections) are left out. Only frames with at least one
 * box are labelled: MOT files do not list empty frames.
 */
public final class MotLabelsReader implements LabelsReader {
    @Override
    public FrameLabels read(Path file) throws IOException {
        FrameLabels.Builder labels = FrameLabels.builder();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int number = 0;
            while ((line = r.readLine()) != null) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                String[] f = line.split(",");
                if (f.length < 6) {
                    throw new IllegalArgumentException(file + ":" + number + ": a MOT line needs at least frame, id, "
                            + "left, top, width, height; got \"" + line + "\"");
                }
                try {
                    long frame = Long.parseLong(f[0].trim());
                    if (frame < 1) {
                        throw new IllegalArgumentException(file + ":" + number + ": MOT frames count from 1, got "
                                + frame);
                    }
                    if (f.length >= 7 && Float.parseFloat(f[6].trim()) == 0f) {
                        continue;
                    }
                    float x = Float.parseFloat(f[2].trim());
                    float y = Float.parseFloat(f[3].trim());
                    float w = Float.parseFloat(f[4].trim());
                    float h = Float.parseFloat(f[5].trim());
                    labels.box(frame - 1, x, y, x + w, y + h);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(file + ":" + number + ": not a number in \"" + line + "\"", e);
                }
            }
        }
        return labels.build();
    }
}
