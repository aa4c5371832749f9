package io.openlva.recorder.files;

/**
 * One HTTP byte range ({@code Range: bytes=first-last}, {@code bytes=first-}, {@code bytes=-suffix}) against a file
 * of a known size. Several ranges in one header are answered with the first only, as a browser's video element
 * asks for one at a time.
 */
record ByteRange(long first, long last) {

    /** Null when there is no usable range header (the whole file is sent). */
    static ByteRange parse(String header, long size) {
        if (header == null || !header.startsWith("bytes=")) {
            return null;
        }
        String spec = header.substring(6).split(",")[0].trim();
        int dash = spec.indexOf('-');
        if (dash < 0) {
            return null;
        }
        try {
            String a = spec.substring(0, dash).trim();
            String b = spec.substring(dash + 1).trim();
            if (a.isEmpty()) {
                long suffix = Long.parseLong(b);
                return new ByteRange(Math.max(0, size - suffix), size - 1);
            }
            long first = Long.parseLong(a);
            long last = b.isEmpty() ? size - 1 : Math.min(Long.parseLong(b), size - 1);
            return new ByteRange(first, last);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    boolean satisfiable() {
        return first >= 0 && first <= last;
    }

    long length() {
        return last - first + 1;
    }

    String contentRange(long size) {
        return "bytes " + first + "-" + last + "/" + size;
    }
}
