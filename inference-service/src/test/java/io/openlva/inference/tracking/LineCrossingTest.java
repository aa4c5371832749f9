package io.openlva.inference.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.openlva.graph.model.NamedLine;

/** Crossings of AVA's sample line [[0.5,0.1],[0.5,0.9]] and of a diagonal one, by tracked points. */
class LineCrossingTest {

    private final LineCrossing vertical = new LineCrossing(List.of(new NamedLine("door", "[[0.5,0.1], [0.5,0.9]]")));

    private static LineCrossing.Point at(String id, double x, double y) {
        return new LineCrossing.Point(id, "inf-" + id, x, y);
    }

    @Test
    void leftToRightIsCounterclockwiseAndRightToLeftClockwiseWithRunningTotals() {
        assertThat(vertical.frame(0, List.of(at("a", 0.4, 0.5), at("b", 0.7, 0.5)))).isEmpty();
        List<LineCrossing.Crossing> first = vertical.frame(100_000, List.of(at("a", 0.6, 0.5), at("b", 0.6, 0.5)));
        assertThat(first).hasSize(1);
        assertThat(first.get(0)).isEqualTo(new LineCrossing.Crossing("door", "a", "inf-a", false, 0, 1));
        List<LineCrossing.Crossing> second = vertical.frame(200_000, List.of(at("a", 0.7, 0.5), at("b", 0.3, 0.5)));
        assertThat(second).containsExactly(new LineCrossing.Crossing("door", "b", "inf-b", true, 1, 1));
        assertThat(second.get(0).total()).isEqualTo(2);
    }

    @Test
    void passingBeyondTheLinesEndIsNoCrossing() {
        vertical.frame(0, List.of(at("a", 0.4, 0.95)));
        assertThat(vertical.frame(100_000, List.of(at("a", 0.6, 0.95)))).isEmpty();
        // it is now on the other side: coming back across the segment counts
        assertThat(vertical.frame(200_000, List.of(at("a", 0.6, 0.5)))).isEmpty();
        assertThat(vertical.frame(300_000, List.of(at("a", 0.4, 0.5)))).extracting(LineCrossing.Crossing::clockwise)
                .containsExactly(true);
    }

    @Test
    void stoppingOnTheLineCountsOnceWhenLeavingOnTheOtherSide() {
        vertical.frame(0, List.of(at("a", 0.4, 0.5)));
        assertThat(vertical.frame(100_000, List.of(at("a", 0.5, 0.5)))).isEmpty();
        assertThat(vertical.frame(200_000, List.of(at("a", 0.5, 0.5)))).isEmpty();
        assertThat(vertical.frame(300_000, List.of(at("a", 0.6, 0.5)))).hasSize(1);
        // stepping back onto the line and off on the same side: nothing
        assertThat(vertical.frame(400_000, List.of(at("a", 0.5, 0.5)))).isEmpty();
        assertThat(vertical.frame(500_000, List.of(at("a", 0.6, 0.5)))).isEmpty();
    }

    @Test
    void aNewSequenceIdOnTheOtherSideIsNotACrossing() {
        vertical.frame(0, List.of(at("a", 0.4, 0.5)));
        assertThat(vertical.frame(100_000, List.of(at("b", 0.6, 0.5)))).isEmpty();
    }

    @Test
    void eachLineCountsOnItsOwn() {
        LineCrossing two = new LineCrossing(List.of(new NamedLine("v", "[[0.5,0.1],[0.5,0.9]]"),
                new NamedLine("diagonal", "[[0.3, 0.2],[0.9, 0.8]]")));
        two.frame(0, List.of(at("a", 0.45, 0.6)));
        // to the right and up: crosses the vertical line and the diagonal (from below-left of it to above-right)
        List<LineCrossing.Crossing> c = two.frame(100_000, List.of(at("a", 0.8, 0.5)));
        assertThat(c).extracting(LineCrossing.Crossing::line).containsExactly("v", "diagonal");
        assertThat(c).allSatisfy(x -> assertThat(x.total()).isEqualTo(1));
    }

    @Test
    void aLineThatIsNotTwoPointsInTheFrameIsRefusedByName() {
        assertThatThrownBy(() -> new LineCrossing(List.of(new NamedLine("bad", "[[0.5,0.1]]"))))
                .hasMessageContaining("'bad'");
        assertThatThrownBy(() -> new LineCrossing(List.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
