package io.openlva.graph.model;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masking of secrets for logs and API responses. Written-out JSON uses {@code null} for secret values (as LVA
 * returned them); text (toString, logs, URLs) uses {@link #MASK}.
 */
public final class Secrets {

    public static final String MASK = "******";

    /** The user info runs to the last '@' of the authority: a password may contain '@' (RFC 3986 wants %40). */
    private static final Pattern URL_USERINFO = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*://)([^/?#]*)@");
    private static final Pattern URL_USERINFO_IN_TEXT = Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*://)([^/?#\\s]*)@");

    private Secrets() {
    }

    /** {@link #MASK} for a present value, null for null. */
    public static String mask(String secret) {
        return secret == null ? null : MASK;
    }

    /** {@code rtsp://user:pass@host/x} becomes {@code rtsp://user:******@host/x}. */
    public static String maskUrl(String url) {
        if (url == null) {
            return null;
        }
        Matcher m = URL_USERINFO.matcher(url);
        if (!m.find()) {
            return url;
        }
        String userInfo = m.group(2);
        int colon = userInfo.indexOf(':');
        String masked = colon < 0 ? userInfo : userInfo.substring(0, colon) + ":" + MASK;
        return m.group(1) + masked + "@" + url.substring(m.end());
    }

    /** Every URL in a free text (a log line, a service's report) with its password masked. */
    public static String maskUrlsIn(String text) {
        if (text == null) {
            return null;
        }
        Matcher m = URL_USERINFO_IN_TEXT.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String userInfo = m.group(2);
            int colon = userInfo.indexOf(':');
            String masked = colon < 0 ? userInfo : userInfo.substring(0, colon) + ":" + MASK;
            m.appendReplacement(out, Matcher.quoteReplacement(m.group(1) + masked + "@"));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** Whether a URL carries a password in its user info. */
    public static boolean hasUrlPassword(String url) {
        return url != null && !maskUrl(url).equals(url);
    }

    /** Name-based guess used where the declared type is unknown (an instance without its topology). */
    public static boolean looksSecret(String parameterName) {
        if (parameterName == null) {
            return false;
        }
        String n = parameterName.toLowerCase(Locale.ROOT);
        return n.contains("password") || n.contains("secret") || n.contains("passwd") || n.contains("token")
                || n.contains("apikey") || n.contains("api-key") || n.endsWith("key") || n.contains("sas")
                || n.contains("connectionstring") || n.contains("credential");
    }
}
