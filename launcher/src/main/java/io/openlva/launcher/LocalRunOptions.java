package io.openlva.launcher;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** The options of {@code ./run-local.sh}. */
public record LocalRunOptions(Path projectRoot, Duration duration, Path video, String rtspUrl, Path model, Path topology,
        Path instance, boolean help) {

    public static final String USAGE = """
            usage: ./run-local.sh [--duration SECONDS] [--video FILE | --rtsp-url URL] [--model FILE]
                                  [--topology FILE --instance FILE]
              --duration SECONDS  stop by itself after that long and print the summary (default: until Ctrl-C)
              --video FILE        serve this video from the simulated camera (default: opencv-doc's vtest.avi as H.264)
              --rtsp-url URL      pull a real camera instead of the simulator
              --model FILE        ONNX model for the built-in node (default: YOLOv8n, fetched by scripts/fetch-model.sh)
              --topology FILE     any LVA topology (1.0, 2.0 or AVA) instead of the sample; give --instance too
              --instance FILE     the instance (live pipeline) to set and activate; rtspUrl, modelPath and
                                  recordingsDirectory parameters are filled in when the topology declares them
            """;

    public static LocalRunOptions parse(String[] args) {
        Path root = Path.of(System.getProperty("openlva.project.root", ".")).toAbsolutePath().normalize();
        Duration duration = null;
        Path video = null;
        String rtspUrl = null;
        Path model = null;
        Path topology = null;
        Path instance = null;
        boolean help = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "-h", "--help" -> help = true;
                case "--duration" -> {
                    long s = Long.parseLong(value(args, ++i, a));
                    if (s <= 0) {
                        throw new IllegalArgumentException("--duration must be positive");
                    }
                    duration = Duration.ofSeconds(s);
                }
                case "--video" -> video = existing(value(args, ++i, a), a);
                case "--rtsp-url" -> rtspUrl = value(args, ++i, a);
                case "--model" -> model = existing(value(args, ++i, a), a);
                case "--topology" -> topology = existing(value(args, ++i, a), a);
                case "--instance" -> instance = existing(value(args, ++i, a), a);
                default -> throw new IllegalArgumentException("unknown option " + a);
            }
        }
        if ((topology == null) != (instance == null)) {
            throw new IllegalArgumentException("--topology and --instance go together");
        }
        if (video != null && rtspUrl != null) {
            throw new IllegalArgumentException("--video and --rtsp-url exclude each other");
        }
        if (model == null) {
            model = LocalConfig.defaultModel();
        }
        return new LocalRunOptions(root, duration, video, rtspUrl, model.toAbsolutePath(), topology, instance, help);
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    private static Path existing(String file, String option) {
        Path p = Path.of(file);
        if (!Files.isRegularFile(p)) {
            throw new IllegalArgumentException(option + ": no such file " + file);
        }
        return p.toAbsolutePath();
    }
}
