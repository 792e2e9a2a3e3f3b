package io.vidprop.deploy;

import java.io.File;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Pattern;
import org.apache.flink.annotation.docs.Documentation;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.FallbackKey;

/**
 * Every ConfigOption that the Flink jars on the class path declare (public static fields of their *Options
 * classes), by key, fallback keys included; templated keys such as {@code external-resource.<resource_name>.amount}
 * match any name in place of the template.
 */
final class FlinkOptionCatalog {
    private final Map<String, ConfigOption<?>> byKey = new HashMap<>();
    private final Map<Pattern, ConfigOption<?>> templates = new HashMap<>();

    static FlinkOptionCatalog fromClassPath() throws IOException {
        FlinkOptionCatalog catalog = new FlinkOptionCatalog();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (new File(entry).getName().startsWith("flink-") && entry.endsWith(".jar")) {
                catalog.addJar(new File(entry));
            }
        }
        return catalog;
    }

    private void addJar(File jar) throws IOException {
        try (JarFile jf = new JarFile(jar)) {
            for (Enumeration<JarEntry> e = jf.entries(); e.hasMoreElements(); ) {
                String name = e.nextElement().getName();
                if (name.startsWith("org/apache/flink/") && name.endsWith("Options.class") && !name.contains("$")) {
                    addClass(name.substring(0, name.length() - ".class".length()).replace('/', '.'));
                }
            }
        }
    }

    private void addClass(String className) {
        Class<?> c;
        try {
            c = Class.forName(className);
        } catch (Throwable e) {
            return; // Options of a module whose dependencies are not here: not options this cluster could use.
        }
        for (Field f : c.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && ConfigOption.class.isAssignableFrom(f.getType())) {
                try {
                    ConfigOption<?> option = (ConfigOption<?>) f.get(null);
                    // Reporter options (factory.class, port, ...) are suffixes of metrics.reporter.<name>.
                    Documentation.SuffixOption suffix = f.getAnnotation(Documentation.SuffixOption.class);
                    add(suffix == null ? option.key() : suffix.value() + "." + option.key(), option);
                    for (FallbackKey k : option.fallbackKeys()) {
                        add(k.getKey(), option);
                    }
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
    }

    private void add(String key, ConfigOption<?> option) {
        if (key.startsWith("<")) {
            return; // Documentation-only options such as "<parameter>", which would match anything.
        }
        if (key.contains("<")) {
            // A placeholder is one segment of the key, or the rest of it when it ends the key (driver parameters).
            String regex = Pattern.quote(key).replaceAll("<[^>]+>\\\\E$", "\\\\E.+")
                    .replaceAll("<[^>]+>", "\\\\E[^.]+\\\\Q");
            templates.put(Pattern.compile(regex), option);
        } else {
            byKey.put(key, option);
        }
    }

    int size() {
        return byKey.size() + templates.size();
    }

    /** The option this key sets, if Flink has one. */
    Optional<ConfigOption<?>> find(String key) {
        ConfigOption<?> exact = byKey.get(key);
        if (exact != null) {
            return Optional.of(exact);
        }
        for (Map.Entry<Pattern, ConfigOption<?>> t : templates.entrySet()) {
            if (t.getKey().matcher(key).matches()) {
                return Optional.of(t.getValue());
            }
        }
        return Optional.empty();
    }

    /** Keys of the map that are no Flink option. */
    List<String> unknownKeys(Map<String, String> config) {
        List<String> unknown = new ArrayList<>();
        for (String key : config.keySet()) {
            if (find(key).isEmpty()) {
                unknown.add(key);
            }
        }
        return unknown;
    }
}
