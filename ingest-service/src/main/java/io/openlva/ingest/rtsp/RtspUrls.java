package io.openlva.ingest.rtsp;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/** Putting credentials into an RTSP URL for FFmpeg, and taking any out again before text is logged. */
public final class RtspUrls {

    private static final Pattern USER_INFO = Pattern.compile("(?i)\\b([a-z][a-z0-9+.-]*://)[^/@\\s]*@");

    private RtspUrls() {
    }

    /**
     * The URL FFmpeg opens: {@code rtsp://user:pass@host/...}, user and password percent-encoded (FFmpeg
     * decodes them and answers a basic or digest challenge). Credentials already in the URL are replaced.
     */
    public static String withCredentials(String url, String username, String password) {
        String bare = stripCredentials(url);
        if (username == null || username.isEmpty()) {
            return bare;
        }
        int schemeEnd = bare.indexOf("://");
        if (schemeEnd < 0) {
            throw new IllegalArgumentException("not a URL: " + mask(url));
        }
        String userInfo = encode(username) + (password == null ? "" : ":" + encode(password));
        return bare.substring(0, schemeEnd + 3) + userInfo + "@" + bare.substring(schemeEnd + 3);
    }

    /** The URL without any {@code user:pass@}. */
    public static String stripCredentials(String url) {
        return url == null ? null : USER_INFO.matcher(url).replaceAll("$1");
    }

    /** Any text with {@code scheme://user:pass@} masked as {@code scheme://***@}: for logs and events. */
    public static String mask(String text) {
        return text == null ? null : USER_INFO.matcher(text).replaceAll("$1***@");
    }

    /** The scheme of the URL, lower case ({@code rtsp}, {@code rtsps}). */
    public static String scheme(String url) {
        int i = url == null ? -1 : url.indexOf("://");
        return i < 0 ? "" : url.substring(0, i).toLowerCase(java.util.Locale.ROOT);
    }

    private static String encode(String s) {
        // URLEncoder is form encoding: a space must be %20 in a URL's user info, not '+'.
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
