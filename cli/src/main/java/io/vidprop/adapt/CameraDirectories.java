package io.vidprop.adapt;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.zip.CRC32;

/**
 * A directory name for each camera id: the id itself when it is made of letters, digits, dots, dashes and underscores
 * (and is not {@code .} or {@code ..}); otherwise every other character becomes {@code _} and eight hex digits of the
 * id's CRC-32 are appended, so that two ids never share a directory (also on file systems that ignore case).
 */
public final class CameraDirectories {
    private CameraDirectories() {}

    /** Each camera's directory name, in the order given. */
    public static Map<String, String> of(List<String> cameras) {
        Map<String, String> out = new LinkedHashMap<>();
        Set<String> taken = new HashSet<>();
        for (String c : cameras) {
            String name = plain(c) ? c : c.replaceAll("[^A-Za-z0-9._-]", "_") + "-" + crc(c);
            if (name.length() > 120) {
                name = name.substring(0, 111) + "-" + crc(c);
            }
            if (!taken.add(name.toLowerCase(Locale.ROOT))) {
                name = name + "-" + crc(c);
                taken.add(name.toLowerCase(Locale.ROOT));
            }
            out.put(c, name);
        }
        return out;
    }

    private static boolean plain(String id) {
        return id.matches("[A-Za-z0-9._-]{1,120}") && !id.equals(".") && !id.equals("..");
    }

    private static String crc(String id) {
        CRC32 crc = new CRC32();
        crc.update(id.getBytes(StandardCharsets.UTF_8));
        return String.format(Locale.ROOT, "%08x", crc.getValue());
    }
}
