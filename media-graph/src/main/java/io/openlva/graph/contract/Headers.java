package io.openlva.graph.contract;

/**
 * Kafka header names of the contracts. The one place they are spelled.
 *
 * <p>Numbers travel as decimal ASCII so any consumer (kcat, a script) can read them.
 */
public final class Headers {

    private Headers() {
    }

    // Media (packets and frames)
    /** Media timestamp of the access unit or image, microseconds on the source's timeline. */
    public static final String MEDIA_TIME_US = "lva-media-time-us";
    /** Wall-clock capture time, epoch milliseconds, set by the ingest replica on receipt. */
    public static final String CAPTURE_TIME_MS = "lva-capture-time-ms";
    /** The packet's timestamp was missing from the camera and was derived from the previous one. */
    public static final String MEDIA_TIME_DERIVED = "lva-media-time-derived";

    // Packets
    /** {@code h264} or {@code h265}. */
    public static final String CODEC = "lva-codec";
    /** {@code 1} on a keyframe (IDR / IRAP), else {@code 0}. */
    public static final String KEYFRAME = "lva-keyframe";
    /** Codec configuration (FFmpeg extradata: avcC/hvcC or Annex-B SPS/PPS); present on every keyframe. */
    public static final String CODEC_CONFIG = "lva-codec-config";
    /** Coded width and height of the stream, on keyframes. */
    public static final String WIDTH = "lva-width";
    public static final String HEIGHT = "lva-height";
    /** Time base of the source stream, {@code num/den}, informational. */
    public static final String TIME_BASE = "lva-time-base";
    /** Per-session sequence number, restarts at 0 on each (re)connect. */
    public static final String SEQUENCE = "lva-sequence";
    /** Identifies one RTSP session; changes on reconnect so decoders know to reset. */
    public static final String SESSION_ID = "lva-session-id";

    // Frames
    /** MIME type of the image: image/jpeg, image/png, image/bmp, image/x-raw. */
    public static final String CONTENT_TYPE = "lva-content-type";
    /** Pixel format of raw images (LVA names: yuv420p, rgb24, bgra, ...). */
    public static final String PIXEL_FORMAT = "lva-pixel-format";
    /** Size of the original decoded frame, before scaling. */
    public static final String SOURCE_WIDTH = "lva-source-width";
    public static final String SOURCE_HEIGHT = "lva-source-height";
    /** How the image was scaled: preserveAspectRatio, pad, stretch or none. */
    public static final String SCALE_MODE = "lva-scale-mode";
    /** JSON array of LVA inference objects attached upstream (e.g. motion regions). */
    public static final String INFERENCES = "lva-inferences";
    /** The source node the frame was decoded from. */
    public static final String SOURCE_NODE = "lva-source-node";

    // Events: LVA applicationProperties
    public static final String TOPIC = "topic";
    public static final String SUBJECT = "subject";
    public static final String EVENT_TYPE = "eventType";
    public static final String EVENT_TIME = "eventTime";
    public static final String DATA_VERSION = "dataVersion";

    // Events: CloudEvents Kafka binding, binary mode
    public static final String CE_SPECVERSION = "ce_specversion";
    public static final String CE_ID = "ce_id";
    public static final String CE_SOURCE = "ce_source";
    public static final String CE_TYPE = "ce_type";
    public static final String CE_TIME = "ce_time";
    public static final String CE_SUBJECT = "ce_subject";
    public static final String CONTENT_TYPE_EVENT = "content-type";
}
