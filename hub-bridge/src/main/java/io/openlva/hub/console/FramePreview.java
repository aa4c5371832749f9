package io.openlva.hub.console;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.imageio.ImageIO;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.openlva.graph.contract.MediaFrame;
import io.openlva.graph.contract.Topics;
import io.openlva.runtime.ConsumerLoop;
import io.openlva.runtime.KafkaFactory;
import io.openlva.runtime.ServiceHealth;

/**
 * The live preview: the latest image the sampler made for an instance's extension nodes, read from
 * {@code <prefix>media.frames} only while someone watches. The first request starts a reader at the end of the
 * topic; it stops {@code idle} after the last request. No video is decoded for it: the frames are the images the
 * extensions get anyway; a raw image (rgb24/bgr24) is encoded to JPEG here, once per frame shown.
 */
public class FramePreview implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(FramePreview.class);

    /** A frame ready for the browser, and where the camera picture lies in it (pad mode adds bars). */
    public record Preview(String node, long mediaTimeUs, long captureTimeMs, String contentType, byte[] image,
            int width, int height, int pictureX, int pictureY, int pictureWidth, int pictureHeight,
            String inferencesJson) {
    }

    private final KafkaFactory kafka;
    private final Topics topics;
    private final ServiceHealth health;
    private final Duration idle;
    private final Clock clock;
    private final Counter encoded;
    private final Map<String, MediaFrame> latest = new HashMap<>();
    private final Map<String, Preview> shown = new HashMap<>();
    private final ScheduledExecutorService idleCheck = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "console-preview-idle");
        t.setDaemon(true);
        return t;
    });
    private ConsumerLoop<String, byte[]> loop;
    private long lastWantedMs;

    public FramePreview(KafkaFactory kafka, Topics topics, ServiceHealth health, Duration idle, Clock clock,
            MeterRegistry registry) {
        this.kafka = kafka;
        this.topics = topics;
        this.health = health;
        this.idle = idle;
        this.clock = clock;
        this.encoded = registry.counter("openlva.hub.console.preview.encoded");
        long period = Math.max(1000, idle.toMillis() / 3);
        idleCheck.scheduleWithFixedDelay(this::stopWhenIdle, period, period, TimeUnit.MILLISECONDS);
    }

    /** The latest frame of {@code instance}, starting the reader if nobody was watching (empty until one arrives). */
    public Optional<Preview> latest(String instance) {
        MediaFrame frame;
        synchronized (this) {
            lastWantedMs = clock.millis();
            if (loop == null) {
                start();
            }
            frame = latest.get(instance);
            Preview cached = shown.get(instance);
            if (frame == null || cached != null && cached.mediaTimeUs() == frame.mediaTimeUs()
                    && cached.node().equals(frame.key().node())) {
                return Optional.ofNullable(cached);
            }
        }
        Preview p = preview(frame);
        if (p != null) {
            synchronized (this) {
                shown.put(instance, p);
            }
        }
        return Optional.ofNullable(p);
    }

    /** Whether the frames reader runs (someone watched within the idle time). */
    public synchronized boolean reading() {
        return loop != null;
    }

    private void start() {
        LOG.info("live preview: reading frames while the console watches");
        loop = new ConsumerLoop<>("console-preview",
                () -> kafka.consumer("hub-bridge-console-preview", null, new StringDeserializer(),
                        new ByteArrayDeserializer(), Map.of(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 50)),
                new ConsumerLoop.Handler<String, byte[]>() {
                    @Override
                    public void subscribe(Consumer<String, byte[]> consumer) {
                        consumer.seekToEnd(Partitions.assignAll(consumer, topics.frames()));
                    }

                    @Override
                    public void handle(Consumer<String, byte[]> consumer, ConsumerRecords<String, byte[]> records) {
                        records.forEach(FramePreview.this::keep);
                    }
                }, health).start();
    }

    private void keep(ConsumerRecord<String, byte[]> record) {
        MediaFrame f;
        try {
            f = MediaFrame.fromRecord(record);
        } catch (RuntimeException e) {
            return;
        }
        if (f.timeOnly()) {
            return; // a frame between an extension's samples, for its object tracker: no image to show
        }
        synchronized (this) {
            // frames of one camera cross partitions: keep the newest by media time
            latest.merge(f.key().instance(), f, (a, b) -> b.mediaTimeUs() >= a.mediaTimeUs() ? b : a);
        }
    }

    private synchronized void stopWhenIdle() {
        if (loop != null && clock.millis() - lastWantedMs > idle.toMillis()) {
            LOG.info("live preview: nobody watches, frames reader stopped");
            loop.close();
            loop = null;
            latest.clear();
            shown.clear();
        }
    }

    private Preview preview(MediaFrame f) {
        byte[] image = f.data();
        String type = f.contentType();
        if (type.equals("image/x-raw")) {
            image = jpeg(f);
            type = "image/jpeg";
            if (image == null) {
                return null;
            }
        }
        int[] picture = picture(f);
        return new Preview(f.key().node(), f.mediaTimeUs(), f.captureTimeMs(), type, image, f.width(), f.height(),
                picture[0], picture[1], picture[2], picture[3], f.inferencesJson());
    }

    /** The camera picture inside the image: pad mode centres it between bars, the other modes fill the image. */
    static int[] picture(MediaFrame f) {
        int w = f.width();
        int h = f.height();
        if (!"pad".equalsIgnoreCase(f.scaleMode()) || f.sourceWidth() <= 0 || f.sourceHeight() <= 0) {
            return new int[] { 0, 0, w, h };
        }
        double scale = Math.min(w / (double) f.sourceWidth(), h / (double) f.sourceHeight());
        int pw = (int) Math.round(f.sourceWidth() * scale);
        int ph = (int) Math.round(f.sourceHeight() * scale);
        return new int[] { (w - pw) / 2, (h - ph) / 2, pw, ph };
    }

    /** rgb24 / bgr24 raw images as JPEG; other raw pixel formats are not previewed. */
    private byte[] jpeg(MediaFrame f) {
        String format = f.pixelFormat() == null ? "" : f.pixelFormat().toLowerCase();
        boolean rgb = format.equals("rgb24");
        if (!rgb && !format.equals("bgr24") || f.data().length < f.width() * f.height() * 3) {
            return null;
        }
        BufferedImage img = new BufferedImage(f.width(), f.height(), BufferedImage.TYPE_INT_RGB);
        int[] row = new int[f.width()];
        byte[] d = f.data();
        for (int y = 0, i = 0; y < f.height(); y++) {
            for (int x = 0; x < f.width(); x++, i += 3) {
                int a = d[i] & 0xff;
                int b = d[i + 1] & 0xff;
                int c = d[i + 2] & 0xff;
                row[x] = rgb ? a << 16 | b << 8 | c : c << 16 | b << 8 | a;
            }
            img.setRGB(0, y, f.width(), 1, row, 0, f.width());
        }
        try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            ImageIO.write(img, "jpg", out);
            encoded.increment();
            return out.toByteArray();
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public synchronized void close() {
        idleCheck.shutdownNow();
        if (loop != null) {
            loop.close();
            loop = null;
        }
    }
}
