package io.vidprop.adapt;

import com.google.gson.JsonObject;
import io.vidprop.video.VideoSource;
import java.nio.file.Path;

/**
 * One piece of footage to adapt to: a video file, or a camera's spooled frames.
 *
 * @param name what the report and the labels' file names call it: the file, or the camera id
 * @param video the video file to mine
 * @param labelsName the name appended to --export-labels' file name when there are several
 * @param lines the report's lines about where it came from (with the held-out frame appended)
 * @param source the model metadata's entry about where it came from
 */
public record AdaptInput(String name, Path video, String labelsName, String lines, JsonObject source) {
    /** A video file given with {@code --video}. */
    public static AdaptInput ofVideo(Path video) {
        JsonObject o = new JsonObject();
        o.addProperty("video", video.toAbsolutePath().toString());
        return new AdaptInput(video.toString(), video, VideoSource.stem(video), "`" + video + "`", o);
    }
}
