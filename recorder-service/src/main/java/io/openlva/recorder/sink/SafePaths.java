package io.openlva.recorder.sink;

import java.nio.file.Path;

/**
 * Turns names from topologies (patterns after expansion, parameters) into paths that cannot leave their base
 * directory: no absolute paths, no {@code ..}, no control characters, no empty names.
 */
public final class SafePaths {

    private SafePaths() {
    }

    /** {@code base/name}, or an IllegalArgumentException saying why the name is refused. */
    public static Path resolve(Path base, String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("empty output name");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                throw new IllegalArgumentException("output name contains a control character: " + printable(name));
            }
        }
        if (name.startsWith("/") || name.startsWith("\\") || name.matches("^[A-Za-z]:.*")) {
            throw new IllegalArgumentException("output name must be relative to the base directory: " + printable(name));
        }
        for (String part : name.split("[/\\\\]")) {
            if (part.equals("..")) {
                throw new IllegalArgumentException("output name cannot contain '..': " + printable(name));
            }
        }
        Path normalizedBase = base.toAbsolutePath().normalize();
        Path resolved = normalizedBase.resolve(name).normalize();
        if (!resolved.startsWith(normalizedBase) || resolved.equals(normalizedBase)) {
            throw new IllegalArgumentException("output name escapes the base directory: " + printable(name));
        }
        return resolved;
    }

    /** A base directory from configuration or a topology: absolute, normalized, no control characters. */
    public static Path baseDirectory(String path) {
        if (path == null || path.isBlank()) {
            throw new IllegalArgumentException("empty base directory");
        }
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                throw new IllegalArgumentException("base directory contains a control character: " + printable(path));
            }
        }
        Path p = Path.of(path);
        if (!p.isAbsolute()) {
            throw new IllegalArgumentException("base directory must be absolute: " + printable(path));
        }
        return p.normalize();
    }

    private static String printable(String s) {
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) {
            sb.append(c < 0x20 || c == 0x7f ? String.format("\\x%02x", (int) c) : String.valueOf(c));
        }
        return sb.toString();
    }
}
