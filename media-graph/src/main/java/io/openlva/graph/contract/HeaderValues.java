package io.openlva.graph.contract;

import java.nio.charset.StandardCharsets;

import org.apache.kafka.common.header.Header;

/** Reading and writing header values as the contracts spell them (UTF-8 text, decimal numbers). */
public final class HeaderValues {

    private HeaderValues() {
    }

    public static void put(org.apache.kafka.common.header.Headers headers, String name, String value) {
        if (value != null) {
            headers.add(name, value.getBytes(StandardCharsets.UTF_8));
        }
    }

    public static void put(org.apache.kafka.common.header.Headers headers, String name, long value) {
        headers.add(name, Long.toString(value).getBytes(StandardCharsets.UTF_8));
    }

    public static String string(org.apache.kafka.common.header.Headers headers, String name) {
        Header h = headers.lastHeader(name);
        return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    public static byte[] bytes(org.apache.kafka.common.header.Headers headers, String name) {
        Header h = headers.lastHeader(name);
        return h == null ? null : h.value();
    }

    public static long longValue(org.apache.kafka.common.header.Headers headers, String name, long orElse) {
        String s = string(headers, name);
        if (s == null || s.isEmpty()) {
            return orElse;
        }
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            return orElse;
        }
    }

    public static String required(org.apache.kafka.common.header.Headers headers, String name) {
        String s = string(headers, name);
        if (s == null) {
            throw new IllegalArgumentException("missing Kafka header " + name);
        }
        return s;
    }
}
