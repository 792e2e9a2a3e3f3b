package io.vidprop.camera;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vidprop.cli.Vidprop;
import io.vidprop.broker.EmbeddedKafka;
import io.vidprop.settings.CameraSettings;
import io.vidprop.settings.CameraSettingsJson;
import io.vidprop.settings.Polygon;
import io.vidprop.settings.TrackSettings;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code vidprop camera} against Kafka's own broker: what set writes, get, list and clear read back. */
class CameraCommandTest {
    static EmbeddedKafka kafka;

    @BeforeAll
    static void start() throws Exception {
        kafka = EmbeddedKafka.start();
    }

    @AfterAll
    static void stop() throws Exception {
        kafka.close();
    }

    record Run(int exit, String out, String err) {}

    private static Run camera(String... args) {
        CommandLine cl = Vidprop.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        String[] all = new String[args.length + 3];
        all[0] = "camera";
        System.arraycopy(args, 0, all, 1, args.length);
        all[args.length + 1] = "--bootstrap-servers";
        all[args.length + 2] = kafka.bootstrapServers();
        return new Run(cl.execute(all), out.toString().trim(), err.toString().trim());
    }

    @Test
    void setChangesOnlyTheValuesGivenAndGetListAndClearReadTheTopicBack() throws Exception {
        Run set = camera("set", "cam-A", "--include", "0,150,768,150,768,576,0,576", "--top", "20", "--min-score",
                "0.3", "--tracks", "on");
        assertEquals(0, set.exit(), set.err());
        CameraSettings a = CameraSettingsJson.parse(camera("get", "cam-A").out());
        assertEquals(List.of(Polygon.of(0, 150, 768, 150, 768, 576, 0, 576)), a.include());
        assertEquals(20, a.top());
        assertEquals(0.3f, a.minScore());
        assertTrue(a.tracks().enabled());

        assertEquals(0, camera("set", "cam-A", "--every", "3").exit());
        CameraSettings again = CameraSettingsJson.parse(camera("get", "cam-A").out());
        assertEquals(new CameraSettings(a.include(), a.exclude(), 20, 0.3f, 3, a.tracks(), a.zones(), null), again,
                "the other values are kept");
        assertEquals(0, camera("set", "cam-A", "--model", "/models/cam-a").exit());
        CameraSettings withModel = CameraSettingsJson.parse(camera("get", "cam-A").out());
        assertEquals(again.withModel("/models/cam-a"), withModel, "the model is set, the rest kept");
        assertTrue(camera("get", "cam-A").out().contains("\"model\":\"/models/cam-a\""), camera("get", "cam-A").out());
        assertEquals(0, camera("set", "cam-A", "--top", "20").exit());
        assertEquals("/models/cam-a", CameraSettingsJson.parse(camera("get", "cam-A").out()).model(),
                "another option keeps the model");
        assertEquals(0, camera("set", "cam-A", "--model", "default").exit());
        assertEquals(again, CameraSettingsJson.parse(camera("get", "cam-A").out()), "--model default: the job's model");
        Run blank = camera("set", "cam-A", "--model", " ");
        assertTrue(blank.exit() != 0, "a blank model is refused");
        assertEquals(0, camera("set", "cam-A", "--track-min-score", "0.1", "--track-max-missed", "4").exit());
        assertEquals(new TrackSettings(true, TrackSettings.DEFAULT_NMS_THRESHOLD, TrackSettings.DEFAULT_MATCH_IOU, 0.1f,
                4), CameraSettingsJson.parse(camera("get", "cam-A").out()).tracks(), "tracker parameters, tracks kept on");
        assertEquals(0, camera("set", "cam-B", "--exclude", "0,0,10,0,10,10", "--zone", "door=0,0,5,0,5,5").exit());

        Run list = camera("list");
        assertEquals(2, list.out().lines().count(), list.out());
        assertTrue(list.out().startsWith("cam-A {"), list.out());

        assertEquals(0, camera("clear", "cam-A").exit());
        Run gone = camera("get", "cam-A");
        assertEquals(1, gone.exit());
        assertEquals("vidprop camera get: cam-A has no settings (the job's defaults apply)", gone.err());
        assertTrue(camera("list").out().startsWith("cam-B {"));

        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, "camera-settings");
            assertEquals("compact", admin.describeConfigs(List.of(topic)).all().get(30, TimeUnit.SECONDS).get(topic)
                    .get("cleanup.policy").value(), "created compacted: the latest value per camera is kept");
        }
    }

    @Test
    void valuesThatAreNotValidAreRefusedBeforeAnythingIsWritten() {
        Run polygon = camera("set", "cam-C", "--include", "0,0,10,0");
        assertEquals(2, polygon.exit());
        assertEquals("vidprop camera set: --include 0,0,10,0: a polygon needs at least 3 corners, got 2", polygon.err());
        Run top = camera("set", "cam-C", "--top", "0");
        assertEquals(2, top.exit());
        assertEquals("vidprop camera set: top must be 1 to 10000, got 0", top.err());
        Run tracks = camera("set", "cam-C", "--tracks", "maybe");
        assertEquals("vidprop camera set: --tracks must be on or off, got maybe", tracks.err());
        Run iou = camera("set", "cam-C", "--track-match-iou", "1.5");
        assertEquals(2, iou.exit());
        assertEquals("vidprop camera set: --track-match-iou must be between 0 and 1, got 1.5", iou.err());
        assertEquals(1, camera("get", "cam-C").exit(), "nothing was written");
    }
}
