package io.vidprop.bench;

import ai.djl.Device;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.vidprop.decode.DecodedFrame;
import io.vidprop.decode.FrameDecoder;
import io.vidprop.decode.JpegEncoder;
import io.vidprop.image.RgbImage;
import io.vidprop.model.ImageBatch;
import io.vidprop.model.ImagePreprocessor;
import io.vidprop.model.ProposalModel;
import io.vidprop.video.VideoFileReader;
import io.vidprop.video.VideoFrame;
import io.vidprop.video.VideoRange;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where vidprop's time goes for one model on one video, stage by stage, on one thread (no overlap): the video's
 * decoding plus the batch source's JPEG encoding (the "decode" of a frame that reaches the operator), the operator's
 * JPEG decoding (at reduced scale when the model shrinks the frame), preprocessing (resize, normalise, pad), the
 * network, and post-processing (top-k, decoding, NMS). Prints one JSON line in milliseconds per frame.
 *
 * <pre>java -cp cli/target/vidprop.jar:bench/target/benchmarks.jar io.vidprop.bench.ByomProfile MODEL VIDEO FRAMES
 *     [BATCH] [THREADS] [DEVICE]</pre>
 */
public final class ByomProfile {
    private ByomProfile() {}

    /** {@code cpu} or {@code gpu:N}, as the job's --device spells them. */
    static Device device(String name) {
        if (name.equals("cpu")) {
            return Device.cpu();
        }
        if (name.matches("gpu:\\d+")) {
            return Device.gpu(Integer.parseInt(name.substring(4)));
        }
        throw new IllegalArgumentException("device must be cpu or gpu:N, got " + name);
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: ByomProfile MODEL VIDEO FRAMES [BATCH] [THREADS] [DEVICE]");
            System.exit(2);
        }
        Path modelPath = Path.of(args[0]);
        Path video = Path.of(args[1]);
        int frames = Integer.parseInt(args[2]);
        int batch = args.length > 3 ? Integer.parseInt(args[3]) : 8;
        int threads = args.length > 4 ? Integer.parseInt(args[4]) : 1;
        Device device = args.length > 5 ? device(args[5]) : Device.cpu();
        ProposalModel.setCpuThreads(threads);
        int warmup = 2 * batch;
        double[] ms = new double[5];
        int timed = 0;
        try (ProposalModel model = ProposalModel.load(modelPath, device, device.isGpu() ? 0 : threads);
                VideoFileReader reader = VideoFileReader.open(video, new VideoRange(0, Long.MAX_VALUE), 0L)) {
            System.err.printf("profiling %s (%s) on %s, %d PyTorch thread(s), batches of %d%n", model.modelId(),
                    model.engineName(), model.device(), threads, batch);
            FrameDecoder decoder = new FrameDecoder(Long.MAX_VALUE, model.config().input.minSize,
                    model.config().input.maxSize);
            JpegEncoder encoder = new JpegEncoder(JpegEncoder.DEFAULT_QUALITY);
            ImagePreprocessor preprocessor = new ImagePreprocessor(model.config().input);
            while (timed < frames) {
                long t0 = System.nanoTime();
                List<byte[]> jpegs = new ArrayList<>(batch);
                for (int i = 0; i < batch; i++) {
                    VideoFrame f = reader.next();
                    if (f == null) {
                        throw new IllegalArgumentException(video + " has fewer than " + (warmup + frames) + " frames");
                    }
                    jpegs.add(encoder.encode(f.image()));
                }
                long t1 = System.nanoTime();
                List<RgbImage> images = new ArrayList<>(batch);
                for (byte[] jpeg : jpegs) {
                    DecodedFrame d = decoder.decode(jpeg);
                    images.add(d.image());
                }
                long t2 = System.nanoTime();
                ImageBatch prepared = preprocessor.prepare(images);
                long t3 = System.nanoTime();
                long t4;
                try (NDManager manager = model.djlModel().getNDManager().newSubManager()) {
                    NDList outputs = model.forward(manager, prepared.data(), new Shape(prepared.count(), 3,
                            prepared.tensorHeight(), prepared.tensorWidth()));
                    t4 = System.nanoTime();
                    model.proposeFromOutputs(outputs, prepared);
                }
                long t5 = System.nanoTime();
                if (warmup > 0) {
                    warmup -= batch;
                    continue;
                }
                ms[0] += (t1 - t0) / 1e6;
                ms[1] += (t2 - t1) / 1e6;
                ms[2] += (t3 - t2) / 1e6;
                ms[3] += (t4 - t3) / 1e6;
                ms[4] += (t5 - t4) / 1e6;
                timed += batch;
            }
        }
        double total = ms[0] + ms[1] + ms[2] + ms[3] + ms[4];
        System.out.printf("{\"model\": \"%s\", \"threads\": %d, \"batch\": %d, \"frames\": %d, \"fps\": %.2f, \"ms\": "
                + "{\"video+jpeg\": %.2f, \"decode\": %.2f, \"preprocess\": %.2f, \"network\": %.2f, "
                + "\"postprocess\": %.2f}}%n", modelPath, threads, batch, timed, 1000 * timed / total,
                ms[0] / timed, ms[1] / timed, ms[2] / timed, ms[3] / timed, ms[4] / timed);
    }
}
