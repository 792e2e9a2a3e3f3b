package io.vidprop.model;

import io.vidprop.image.RgbImage;
import java.util.List;

/**
 * torchvision's GeneralizedRCNNTransform for inference: each image is scaled so its shorter side reaches
 * {@code minSize} unless its longer side would pass {@code maxSize} (bilinear, half-pixel centres, no antialias),
 * normalised as (pixel / 255 - mean) / std, and the batch padded with zeros to a multiple of
 * {@code sizeDivisible}.
 */
public final class ImagePreprocessor {
    private final ModelConfig.Input input;

    public ImagePreprocessor(ModelConfig.Input input) {
        this.input = input;
    }

    public ImageBatch prepare(List<RgbImage> images) {
        int n = images.size();
        if (n == 0) {
            throw new IllegalArgumentException("a batch needs at least one image");
        }
        int[] oh = new int[n];
        int[] ow = new int[n];
        int[] rh = new int[n];
        int[] rw = new int[n];
        int maxH = 0;
        int maxW = 0;
        for (int i = 0; i < n; i++) {
            RgbImage img = images.get(i);
            oh[i] = img.height();
            ow[i] = img.width();
            double scale = scale(img.height(), img.width());
            rh[i] = Math.max(1, (int) Math.floor(img.height() * scale));
            rw[i] = Math.max(1, (int) Math.floor(img.width() * scale));
            maxH = Math.max(maxH, rh[i]);
            maxW = Math.max(maxW, rw[i]);
        }
        int th = roundUp(maxH, input.sizeDivisible);
        int tw = roundUp(maxW, input.sizeDivisible);
        float[] data = new float[n * 3 * th * tw];
        for (int i = 0; i < n; i++) {
            resizeInto(images.get(i), rh[i], rw[i], data, i * 3 * th * tw, th, tw);
        }
        return new ImageBatch(data, n, th, tw, oh, ow, rh, rw);
    }

    /** torchvision: min(minSize / shorter side, maxSize / longer side), computed in float32 as torch does. */
    double scale(int height, int width) {
        float shorter = Math.min(height, width);
        float longer = Math.max(height, width);
        return Math.min((float) input.minSize / shorter, (float) input.maxSize / longer);
    }

    private static int roundUp(int v, int multiple) {
        return (v + multiple - 1) / multiple * multiple;
    }

    private void resizeInto(RgbImage img, int outH, int outW, float[] data, int base, int th, int tw) {
        int inH = img.height();
        int inW = img.width();
        byte[] px = img.pixels();
        float scaleY = (float) inH / outH;
        float scaleX = (float) inW / outW;
        int[] x0 = new int[outW];
        int[] x1 = new int[outW];
        float[] fx = new float[outW];
        for (int x = 0; x < outW; x++) {
            float sx = Math.max((x + 0.5f) * scaleX - 0.5f, 0f);
            int ix = Math.min((int) sx, inW - 1);
            x0[x] = ix;
            x1[x] = Math.min(ix + 1, inW - 1);
            fx[x] = sx - ix;
        }
        float[] mul = new float[3];
        float[] add = new float[3];
        for (int c = 0; c < 3; c++) {
            mul[c] = 1f / (255f * input.std[c]);
            add[c] = -input.mean[c] / input.std[c];
        }
        int plane = th * tw;
        if (inH == outH && inW == outW) {
            // Scale 1 (the frame was decoded at the model's size): bilinear weights are all 0, so the result is the
            // pixels themselves, normalised. Same floats as the general path, a fraction of the work.
            for (int y = 0, i = 0; y < outH; y++) {
                int out = base + y * tw;
                for (int x = 0; x < outW; x++, i += 3) {
                    data[out + x] = (px[i] & 0xff) * mul[0] + add[0];
                    data[out + plane + x] = (px[i + 1] & 0xff) * mul[1] + add[1];
                    data[out + 2 * plane + x] = (px[i + 2] & 0xff) * mul[2] + add[2];
                }
            }
            return;
        }
        for (int y = 0; y < outH; y++) {
            float sy = Math.max((y + 0.5f) * scaleY - 0.5f, 0f);
            int iy = Math.min((int) sy, inH - 1);
            int iy1 = Math.min(iy + 1, inH - 1);
            float fy = sy - iy;
            int row0 = iy * inW * 3;
            int row1 = iy1 * inW * 3;
            int out = base + y * tw;
            for (int x = 0; x < outW; x++) {
                int a = row0 + 3 * x0[x];
                int b = row0 + 3 * x1[x];
                int c = row1 + 3 * x0[x];
                int d = row1 + 3 * x1[x];
                float wx = fx[x];
                for (int ch = 0; ch < 3; ch++) {
                    float top = (px[a + ch] & 0xff) + wx * ((px[b + ch] & 0xff) - (px[a + ch] & 0xff));
                    float bottom = (px[c + ch] & 0xff) + wx * ((px[d + ch] & 0xff) - (px[c + ch] & 0xff));
                    float v = top + fy * (bottom - top);
                    data[out + ch * plane + x] = v * mul[ch] + add[ch];
                }
            }
        }
    }
}
