package io.openlva.ingest.rtsp;

/**
 * FFmpeg's negative error codes mapped to LVA's diagnostics kinds. Pure: the codes are spelled out here
 * (FFERRTAG and POSIX errno values on Linux) so the mapping is unit-tested without native code.
 */
public final class FfmpegErrors {

    public static final int EOF = tag('E', 'O', 'F', ' ');
    public static final int EXIT = tag('E', 'X', 'I', 'T');
    public static final int INVALID_DATA = tag('I', 'N', 'D', 'A');
    public static final int HTTP_BAD_REQUEST = tag(0xF8, '4', '0', '0');
    public static final int HTTP_UNAUTHORIZED = tag(0xF8, '4', '0', '1');
    public static final int HTTP_FORBIDDEN = tag(0xF8, '4', '0', '3');
    public static final int HTTP_NOT_FOUND = tag(0xF8, '4', '0', '4');
    public static final int HTTP_OTHER_4XX = tag(0xF8, '4', 'X', 'X');
    public static final int HTTP_SERVER_ERROR = tag(0xF8, '5', 'X', 'X');

    private static final int EIO = 5;
    private static final int EAGAIN = 11;
    private static final int EPIPE = 32;
    private static final int ENETUNREACH = 101;
    private static final int ECONNRESET = 104;
    private static final int ETIMEDOUT = 110;
    private static final int ECONNREFUSED = 111;
    private static final int EHOSTUNREACH = 113;
    private static final int EPROTONOSUPPORT = 93;

    private FfmpegErrors() {
    }

    private static int tag(int a, int b, int c, int d) {
        return -(a | (b << 8) | (c << 16) | (d << 24));
    }

    /**
     * The failure for an FFmpeg error code.
     *
     * @param stage what was being done ("connecting", "reading"), for the details
     * @param ffmpegText FFmpeg's own text for the code (av_strerror), may be null
     */
    public static SessionFailure classify(int code, String stage, String ffmpegText) {
        String text = ffmpegText == null || ffmpegText.isBlank() ? "error " + code : ffmpegText;
        String details = stage + ": " + text;
        if (code == HTTP_UNAUTHORIZED) {
            return new SessionFailure(FailureKind.AUTHENTICATION, "401", details);
        }
        if (code == HTTP_FORBIDDEN) {
            return new SessionFailure(FailureKind.AUTHORIZATION, "403", details);
        }
        if (code == HTTP_NOT_FOUND) {
            return new SessionFailure(FailureKind.PROTOCOL, "404", details);
        }
        if (code == HTTP_BAD_REQUEST) {
            return new SessionFailure(FailureKind.PROTOCOL, "400", details);
        }
        if (code == HTTP_OTHER_4XX) {
            return new SessionFailure(FailureKind.PROTOCOL, "4xx", details);
        }
        if (code == HTTP_SERVER_ERROR) {
            return new SessionFailure(FailureKind.PROTOCOL, "5xx", details);
        }
        if (code == INVALID_DATA) {
            return new SessionFailure(FailureKind.PROTOCOL, "InvalidData", details);
        }
        if (code == EOF) {
            return new SessionFailure(FailureKind.NETWORK, "EndOfStream", details);
        }
        return switch (-code) {
            case ECONNREFUSED -> new SessionFailure(FailureKind.NETWORK, "ConnectionRefused", details);
            case ETIMEDOUT, EAGAIN -> new SessionFailure(FailureKind.NETWORK, "Timeout", details);
            case ECONNRESET, EPIPE -> new SessionFailure(FailureKind.NETWORK, "ConnectionReset", details);
            case ENETUNREACH, EHOSTUNREACH -> new SessionFailure(FailureKind.NETWORK, "Unreachable", details);
            case EIO -> new SessionFailure(FailureKind.NETWORK, "IOError", details);
            case EPROTONOSUPPORT -> new SessionFailure(FailureKind.PROTOCOL, "TransportNotSupported", details);
            default -> -code > 0 && -code < 4096
                    ? new SessionFailure(FailureKind.NETWORK, "Errno" + (-code), details)
                    : new SessionFailure(FailureKind.PROTOCOL, "Error" + code, details);
        };
    }
}
