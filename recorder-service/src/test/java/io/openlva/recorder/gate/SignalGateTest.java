package io.openlva.recorder.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import io.openlva.recorder.gate.SignalGate.Outcome;
import io.openlva.recorder.gate.SignalGate.Transition;
import io.openlva.recorder.gate.SignalGate.Transition.Kind;
import io.openlva.recorder.testing.LvaClips;

class SignalGateTest {

    private static final long S = 1_000_000L;

    private static GateSettings settings(double windowS, double offsetS, double minS, double maxS) {
        return new GateSettings(ms(windowS), ms(offsetS), ms(minS), ms(maxS));
    }

    private static Duration ms(double seconds) {
        return Duration.ofMillis(Math.round(seconds * 1000));
    }

    /** Feeds packets every 100 ms from {@code fromUs} to {@code toUs}, collecting transitions. */
    private static List<Transition> run(SignalGate gate, long fromUs, long toUs, List<Transition> into) {
        for (long t = fromUs; t <= toUs; t += 100_000) {
            into.addAll(gate.advance(t));
        }
        return into;
    }

    @Test
    void oneEventGivesMinusOffsetPlusMinimum() {
        SignalGate gate = new SignalGate(settings(1, -10, 30, 60));
        run(gate, 0, 19 * S, new java.util.ArrayList<>());
        assertThat(gate.onEvent(20 * S)).isEqualTo(Outcome.OPENED);
        List<Transition> tr = run(gate, 19 * S + 100_000, 70 * S, new java.util.ArrayList<>());
        assertThat(tr).extracting(Transition::kind).containsExactly(Kind.START, Kind.CLOSE);
        GateClip clip = tr.get(0).clip();
        assertThat(clip.startUs()).isEqualTo(10 * S);
        assertThat(clip.endUs()).isEqualTo(50 * S);
        assertThat(clip.lengthUs()).isEqualTo(10 * S + 30 * S);
        assertThat(gate.isOpen()).isFalse();
    }

    @Test
    void startsOnlyAfterTheEvaluationWindowAndClosesAWindowAfterTheEnd() {
        SignalGate gate = new SignalGate(settings(2, 0, 5, 5));
        gate.onEvent(10 * S);
        assertThat(gate.advance(11 * S)).isEmpty();
        assertThat(gate.advance(12 * S)).extracting(Transition::kind).containsExactly(Kind.START);
        assertThat(gate.advance(16 * S)).isEmpty();
        assertThat(gate.advance(17 * S - 1)).isEmpty();
        assertThat(gate.advance(17 * S)).extracting(Transition::kind).containsExactly(Kind.CLOSE);
    }

    @Test
    void retriggerExtendsByMinimumFromTheNewEvent() {
        SignalGate gate = new SignalGate(settings(1, -5, 10, 60));
        gate.onEvent(100 * S);
        gate.advance(102 * S);
        assertThat(gate.onEvent(104 * S)).isEqualTo(Outcome.EXTENDED);
        assertThat(gate.onEvent(103 * S)).isEqualTo(Outcome.COVERED);
        GateClip clip = gate.openClips().get(0);
        // -offset + (t2 - t1) + minimum
        assertThat(clip.lengthUs()).isEqualTo(5 * S + 4 * S + 10 * S);
        assertThat(clip.events()).isEqualTo(3);
    }

    @Test
    void retriggersNeverPassTheMaximumFromTheFirstEvent() {
        SignalGate gate = new SignalGate(settings(1, -3, 10, 20));
        gate.onEvent(0);
        List<Transition> tr = new java.util.ArrayList<>();
        Outcome last = null;
        for (long t = S; t <= 19 * S; t += S) {
            tr.addAll(gate.advance(t));
            last = gate.onEvent(t);
        }
        assertThat(last).isEqualTo(Outcome.COVERED);
        GateClip clip = gate.openClips().get(0);
        assertThat(clip.endUs()).isEqualTo(20 * S);
        assertThat(clip.lengthUs()).isEqualTo(3 * S + 20 * S);
        run(gate, 19 * S, 25 * S, tr);
        assertThat(tr).extracting(Transition::kind).containsExactly(Kind.START, Kind.CLOSE);
    }

    @Test
    void eventsLaterThanTheWindowAreDropped() {
        SignalGate gate = new SignalGate(settings(2, 0, 5, 5));
        gate.advance(30 * S);
        assertThat(gate.onEvent(27 * S)).isEqualTo(Outcome.DROPPED_LATE);
        assertThat(gate.isOpen()).isFalse();
        assertThat(gate.onEvent(28 * S)).isEqualTo(Outcome.OPENED);
    }

    @Test
    void lateIsJudgedByArrivalSoAReplayDecidesAsLiveDid() {
        // a restarted recorder has read the packets up to 40 s before it sees an event that arrived at 4.3 s
        SignalGate gate = new SignalGate(settings(1, 0, 30, 60));
        gate.advance(40 * S);
        assertThat(gate.onEvent(4 * S, 4_300_000)).isEqualTo(Outcome.OPENED);
        assertThat(gate.advance(40 * S)).extracting(Transition::kind).containsExactly(Kind.START, Kind.CLOSE);
        // the same event arriving when the live media was at 5.5 s was late
        assertThat(gate.onEvent(4 * S, 5_500_000)).isEqualTo(Outcome.DROPPED_LATE);
    }

    @Test
    void zeroWindowDropsAnythingBehindTheClock() {
        SignalGate gate = new SignalGate(settings(0, 0, 1, 1));
        gate.advance(5 * S);
        assertThat(gate.onEvent(5 * S - 1)).isEqualTo(Outcome.DROPPED_LATE);
        assertThat(gate.onEvent(5 * S)).isEqualTo(Outcome.OPENED);
        assertThat(gate.advance(5 * S + 1)).extracting(Transition::kind).containsExactly(Kind.START);
    }

    @Test
    void eventsBeforeTheirPacketsAreKeptUntilTheMediaArrives() {
        SignalGate gate = new SignalGate(settings(1, -2, 4, 8));
        assertThat(gate.onEvent(50 * S)).isEqualTo(Outcome.OPENED);
        assertThat(gate.advance(10 * S)).isEmpty();
        assertThat(gate.advance(50 * S)).isEmpty();
        assertThat(gate.advance(51 * S)).extracting(Transition::kind).containsExactly(Kind.START);
    }

    @Test
    void anEarlierEventWithinTheWindowMovesThePendingStart() {
        SignalGate gate = new SignalGate(settings(3, -1, 5, 10));
        gate.advance(10 * S);
        gate.onEvent(11 * S);
        assertThat(gate.onEvent(9 * S)).isEqualTo(Outcome.MOVED_EARLIER);
        GateClip clip = gate.openClips().get(0);
        assertThat(clip.firstEventUs()).isEqualTo(9 * S);
        assertThat(clip.startUs()).isEqualTo(8 * S);
        assertThat(clip.endUs()).isEqualTo(16 * S);
        // max counts from the earliest event
        gate.onEvent(16 * S);
        assertThat(clip.endUs()).isEqualTo(19 * S);
    }

    @Test
    void anEventAfterTheEndOpensASecondClip() {
        SignalGate gate = new SignalGate(settings(1, 0, 2, 2));
        gate.onEvent(0);
        List<Transition> tr = run(gate, 0, (long) (2.5 * S), new java.util.ArrayList<>());
        assertThat(gate.onEvent((long) (2.5 * S))).isEqualTo(Outcome.OPENED);
        run(gate, (long) (2.6 * S), 10 * S, tr);
        assertThat(tr).extracting(Transition::kind).containsExactly(Kind.START, Kind.CLOSE, Kind.START, Kind.CLOSE);
        assertThat(tr.get(2).clip().startUs()).isEqualTo((long) (2.5 * S));
    }

    @Test
    void positiveOffsetStartsAfterTheEvent() {
        SignalGate gate = new SignalGate(settings(0, 3, 10, 10));
        gate.onEvent(10 * S);
        assertThat(gate.advance(12 * S)).isEmpty();
        assertThat(gate.advance(13 * S + 1)).extracting(Transition::kind).containsExactly(Kind.START);
        assertThat(gate.openClips().get(0).lengthUs()).isEqualTo(7 * S);
    }

    @Test
    void closeAllClosesRecordingClipsAndDiscardsOnesNotStarted() {
        SignalGate gate = new SignalGate(settings(1, 0, 30, 30));
        gate.onEvent(0);
        gate.advance(2 * S);
        gate.onEvent(20 * S);
        gate.onEvent(100 * S);
        List<Transition> tr = gate.closeAll();
        assertThat(tr).extracting(Transition::kind).containsExactly(Kind.CLOSE, Kind.DISCARD);
        assertThat(gate.isOpen()).isFalse();
    }

    @Test
    void settingsOutsideLvaRangesAreRejected() {
        assertThatThrownBy(() -> settings(11, 0, 1, 1)).hasMessageContaining("activationEvaluationWindow");
        assertThatThrownBy(() -> settings(1, -61, 1, 1)).hasMessageContaining("activationSignalOffset");
        assertThatThrownBy(() -> settings(1, 61, 1, 1)).hasMessageContaining("activationSignalOffset");
        assertThatThrownBy(() -> settings(1, 0, 0.5, 1)).hasMessageContaining("minimumActivationTime");
        assertThatThrownBy(() -> settings(1, 0, 1, 3601)).hasMessageContaining("maximumActivationTime");
        assertThatThrownBy(() -> settings(1, 0, 10, 5)).hasMessageContaining("shorter");
        assertThat(settings(10, -60, 3600, 3600).minimumActivationTime()).isEqualTo(Duration.ofHours(1));
        assertThat(GateSettings.of(null, null, null, null)).isEqualTo(GateSettings.LVA_DEFAULTS);
    }

    // ---- late and out-of-order events (OpenLVA's default: recorded)

    private static final LateEventPolicy RECORD = LateEventPolicy.DEFAULT;

    private static SignalGate recording(GateSettings settings) {
        return new SignalGate(settings, RECORD);
    }

    @Test
    void aLateEventOpensTheGateAtItsMediaTime() {
        SignalGate gate = recording(settings(1, -2, 5, 10));
        gate.advance(30 * S);
        // arrived when the live media was 10 s past it
        assertThat(gate.onEvent(20 * S, 30 * S)).isEqualTo(Outcome.OPENED);
        GateClip clip = gate.openClips().get(0);
        assertThat(clip.startUs()).isEqualTo(18 * S);
        assertThat(clip.endUs()).isEqualTo(25 * S);
        // the gate now waits the delay seen plus the window before deciding
        assertThat(gate.waitUs()).isEqualTo(11 * S);
        assertThat(gate.advance(31 * S - 1)).isEmpty();
        assertThat(gate.advance(31 * S)).extracting(Transition::kind).containsExactly(Kind.START);
        assertThat(gate.advance(36 * S - 1)).isEmpty();
        assertThat(gate.advance(36 * S)).extracting(Transition::kind).containsExactly(Kind.CLOSE);
    }

    @Test
    void eventsWithinTheWindowLeaveTheWaitAtTheWindow() {
        SignalGate gate = recording(settings(2, 0, 5, 5));
        gate.advance(10 * S);
        gate.onEvent(9 * S, 10 * S);
        assertThat(gate.waitUs()).isEqualTo(2 * S);
        // LVA's timing exactly: start a window after the event, close a window after the end
        assertThat(gate.advance(11 * S)).extracting(Transition::kind).containsExactly(Kind.START);
        assertThat(gate.advance(16 * S)).extracting(Transition::kind).containsExactly(Kind.CLOSE);
    }

    @Test
    void theWaitIsBoundedAndForgetsOldDelays() {
        SignalGate gate = new SignalGate(settings(1, 0, 5, 5), new LateEventPolicy(LateEventPolicy.Mode.RECORD,
                Duration.ofSeconds(20), Duration.ofMinutes(10)));
        gate.advance(400 * S);
        gate.onEvent(100 * S, 400 * S);
        assertThat(gate.waitUs()).isEqualTo(20 * S);
        gate.advance(400 * S + SignalGate.DELAY_MEMORY_US - 1);
        assertThat(gate.waitUs()).isEqualTo(20 * S);
        gate.advance(400 * S + SignalGate.DELAY_MEMORY_US + 1);
        assertThat(gate.waitUs()).isEqualTo(S);
    }

    @Test
    void aLateEventInsideAClosedClipChangesNothingOrContinuesItFromItsEnd() {
        SignalGate gate = recording(settings(1, 0, 5, 8));
        List<Transition> tr = new ArrayList<>();
        gate.onEvent(10 * S, 10 * S);
        gate.onEvent(12 * S, 12 * S);
        run(gate, 10 * S, 30 * S, tr);
        assertThat(tr).extracting(Transition::kind).containsExactly(Kind.START, Kind.CLOSE);
        assertThat(tr.get(1).clip().endUs()).isEqualTo(17 * S);
        // on time it would not have changed the clip: nothing to record again
        assertThat(gate.onEvent(11 * S, 30 * S)).isEqualTo(Outcome.COVERED);
        assertThat(gate.isOpen()).isFalse();
        // on time it would have extended the clip to 18 s (cap 10 + 8): the rest is recorded from 17 s
        assertThat(gate.onEvent(16 * S, 30 * S)).isEqualTo(Outcome.CONTINUED);
        GateClip rest = gate.openClips().get(0);
        assertThat(rest.continuation()).isTrue();
        assertThat(rest.startUs()).isEqualTo(17 * S);
        assertThat(rest.endUs()).isEqualTo(18 * S);
        // a later one extends the continuation, never past the first clip's maximum
        assertThat(gate.onEvent(17 * S, 30 * S)).isEqualTo(Outcome.COVERED);
        assertThat(rest.endUs()).isEqualTo(18 * S);
        assertThat(gate.advance(31 * S)).extracting(Transition::kind).containsExactly(Kind.START);
    }

    @Test
    void anOutOfOrderEventThatBridgesTwoPendingClipsMakesThemOne() {
        SignalGate gate = recording(settings(3, 0, 5, 20));
        gate.onEvent(10 * S, 10 * S);
        gate.onEvent(16 * S, 16 * S);
        assertThat(gate.openClips()).hasSize(2);
        // 12 s comes late, out of order: in media order 10, 12, 16 is one activation [10, 21)
        assertThat(gate.onEvent(12 * S, 16 * S)).isEqualTo(Outcome.EXTENDED);
        assertThat(gate.openClips()).hasSize(1);
        assertThat(gate.openClips().get(0).startUs()).isEqualTo(10 * S);
        assertThat(gate.openClips().get(0).endUs()).isEqualTo(21 * S);
        assertThat(gate.openClips().get(0).events()).isEqualTo(3);
    }

    @Test
    void anEarlierEventTooFarBeforeAPendingClipOpensItsOwn() {
        SignalGate gate = recording(settings(10, 0, 2, 20));
        gate.onEvent(20 * S, 20 * S);
        assertThat(gate.onEvent(15 * S, 20 * S)).isEqualTo(Outcome.OPENED);
        assertThat(gate.openClips()).extracting(GateClip::startUs).containsExactly(15 * S, 20 * S);
        assertThat(gate.openClips()).extracting(GateClip::endUs).containsExactly(17 * S, 22 * S);
    }

    @Test
    void lateAndOutOfOrderEventsGiveTheClipsOnTimeEventsWouldHaveGiven() {
        GateSettings settings = settings(1, -3, 4, 9);
        for (int seed = 1; seed <= 40; seed++) {
            Random rnd = new Random(seed);
            // bursts of detections, as an extension reports them, then quiet
            List<Long> times = new ArrayList<>();
            long t = 2 * S;
            while (t < 200 * S) {
                int burst = 1 + rnd.nextInt(12);
                for (int i = 0; i < burst; i++) {
                    times.add(t);
                    t += 200_000 + rnd.nextInt(1_500_000);
                }
                t += rnd.nextInt(15) * S;
            }
            // a slow extension: 2.5 to 3.4 s behind the media, so events also arrive out of order
            long base = 2_500_000;
            List<long[]> arrivals = new ArrayList<>();
            for (long e : times) {
                arrivals.add(new long[] {e, e + base + rnd.nextInt(900_000)});
            }
            arrivals.sort(Comparator.comparingLong(a -> a[1]));
            SignalGate gate = recording(settings);
            List<long[]> clips = new ArrayList<>();
            int next = 0;
            for (long clock = 0; clock <= 260 * S; clock += 40_000) {
                while (next < arrivals.size() && arrivals.get(next)[1] <= clock) {
                    Outcome o = gate.onEvent(arrivals.get(next)[0], arrivals.get(next)[1]);
                    assertThat(o).as("seed %d", seed).isNotIn(Outcome.CONTINUED, Outcome.DROPPED_LATE);
                    next++;
                }
                for (Transition tr : gate.advance(clock)) {
                    if (tr.kind() == Kind.CLOSE) {
                        clips.add(new long[] {tr.clip().startUs(), tr.clip().endUs()});
                    }
                }
            }
            clips.sort(Comparator.comparingLong(c -> c[0]));
            List<LvaClips.Clip> expected = LvaClips.of(times, settings);
            assertThat(clips).as("seed %d", seed).hasSameSizeAs(expected);
            for (int i = 0; i < expected.size(); i++) {
                assertThat(clips.get(i)).as("seed %d clip %d", seed, i)
                        .containsExactly(expected.get(i).startUs(), expected.get(i).endUs());
            }
        }
    }
}
