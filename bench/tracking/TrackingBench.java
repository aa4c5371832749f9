import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import io.openlva.graph.contract.Inferences;
import io.openlva.inference.tracking.ObjectTracker;
import io.openlva.inference.tracking.TrackingAccuracy;

/**
 * The object tracker's cost and quality per accuracy level, on a made-up crowd (no model, no Kafka: the tracker
 * alone). People walk at random speeds and directions at 25 fps; the detector sees them 2 times a second
 * (every 12th frame), each detection's box jittered and 10 % of them missed. Prints, per level: CPU per frame
 * (microseconds, median of rounds), how many sequenceIds each person got (1.00 = never lost) and the share of
 * frames a person was reported on.
 */
public final class TrackingBench {

    private static final int FPS = 25;
    private static final int SAMPLE_EVERY = 12;

    private record Person(double x, double y, double vx, double vy) {
    }

    public static void main(String[] args) {
        int people = Integer.parseInt(System.getenv().getOrDefault("BENCH_PEOPLE", "20"));
        int seconds = Integer.parseInt(System.getenv().getOrDefault("BENCH_SECONDS", "600"));
        int rounds = Integer.parseInt(System.getenv().getOrDefault("BENCH_ROUNDS", "5"));
        System.out.printf("tracker alone: %d people, %d fps, a detection every %d frames, %d s of video, %d rounds%n",
                people, FPS, SAMPLE_EVERY, seconds, rounds);
        for (String level : List.of("low", "medium", "high")) {
            List<Double> micros = new ArrayList<>();
            double idsPerPerson = 0;
            double reported = 0;
            for (int round = 0; round < rounds + 1; round++) {
                Result r = run(TrackingAccuracy.of(level), people, seconds, new Random(42 + round));
                if (round > 0) { // the first round warms the JIT up
                    micros.add(r.nanosPerFrame / 1000);
                    idsPerPerson = r.idsPerPerson;
                    reported = r.reportedShare;
                }
            }
            micros.sort(Double::compare);
            System.out.printf("accuracy %-6s  %.1f us per frame (median of %d)  %.2f sequenceIds per person  %.0f %% of person-frames reported%n",
                    level, micros.get(micros.size() / 2), micros.size(), idsPerPerson, reported * 100);
        }
    }

    private record Result(double nanosPerFrame, double idsPerPerson, double reportedShare) {
    }

    private static Result run(TrackingAccuracy accuracy, int count, int seconds, Random random) {
        ObjectTracker tracker = new ObjectTracker(accuracy);
        List<Person> people = new ArrayList<>();
        Map<Integer, Set<String>> ids = new HashMap<>();
        int[] identity = new int[count]; // who walks in each slot: a new person when one walks out
        int nextIdentity = 0;
        for (int i = 0; i < count; i++) {
            people.add(spawn(random));
            identity[i] = nextIdentity++;
        }
        long nanos = 0;
        long personFrames = 0;
        long reported = 0;
        int frames = seconds * FPS;
        for (int f = 0; f < frames; f++) {
            long t = f * 1_000_000L / FPS;
            for (int i = 0; i < count; i++) {
                Person p = people.get(i);
                Person moved = new Person(p.x + p.vx / FPS, p.y + p.vy / FPS, p.vx, p.vy);
                if (moved.x < 0 || moved.x > 0.95 || moved.y < 0 || moved.y > 0.85) {
                    moved = spawn(random); // walked out: someone else walks in
                    identity[i] = nextIdentity++;
                }
                people.set(i, moved);
            }
            long start = System.nanoTime();
            List<ObjectTracker.Tracked> out;
            List<Inferences.Entity> detections = new ArrayList<>();
            List<Integer> who = new ArrayList<>();
            if (f % SAMPLE_EVERY == 0) {
                for (int i = 0; i < count; i++) {
                    if (random.nextDouble() >= 0.1) {
                        Person p = people.get(i);
                        double j = 0.004;
                        detections.add(new Inferences.Entity("person", 0.8, new Inferences.Box(
                                p.x + random.nextGaussian() * j, p.y + random.nextGaussian() * j, 0.05, 0.15)));
                        who.add(i);
                    }
                }
                out = tracker.detected(t, detections);
            } else {
                out = tracker.between(t);
            }
            nanos += System.nanoTime() - start;
            personFrames += count;
            reported += Math.min(out.size(), count);
            if (!detections.isEmpty()) {
                // on a detection frame the tracked box is the detection's: it names the person
                for (ObjectTracker.Tracked tr : out) {
                    int d = detections.indexOf(tr.entity());
                    if (d >= 0) {
                        ids.computeIfAbsent(identity[who.get(d)], k -> new HashSet<>()).add(tr.sequenceId());
                    }
                }
            }
        }
        double idsTotal = ids.values().stream().mapToInt(Set::size).sum();
        return new Result((double) nanos / frames, ids.isEmpty() ? 0 : idsTotal / ids.size(), (double) reported / personFrames);
    }

    private static Person spawn(Random random) {
        double speed = 0.02 + random.nextDouble() * 0.06; // frame widths per second: a slow to a brisk walk
        double angle = random.nextDouble() * 2 * Math.PI;
        return new Person(0.1 + random.nextDouble() * 0.75, 0.1 + random.nextDouble() * 0.65, speed * Math.cos(angle),
                speed * Math.sin(angle));
    }
}
