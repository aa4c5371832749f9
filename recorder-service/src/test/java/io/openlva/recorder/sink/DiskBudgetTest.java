package io.openlva.recorder.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiskBudgetTest {

    @TempDir
    Path dir;

    private Path file(String name, int kib, long ageS) throws Exception {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        Files.write(p, new byte[kib * 1024]);
        Files.setLastModifiedTime(p, FileTime.fromMillis(System.currentTimeMillis() - ageS * 1000));
        return p;
    }

    private Path written(SinkLedger ledger, String name, int kib, long ageS) throws Exception {
        Path p = file(name, kib, ageS);
        ledger.add(p);
        return p;
    }

    @Test
    void deletesTheSinksOldestFilesFirstAndNothingElse() throws Exception {
        SinkLedger ledger = new SinkLedger(dir, "cam1", "fileSink");
        Path a1 = written(ledger, "evr-a-20260101T000000Z.mp4", 100, 50);
        Path a2 = written(ledger, "evr-a-20260101T000100Z.mp4", 100, 40);
        Path a2dup = written(ledger, "evr-a-20260101T000100Z-1.mp4", 100, 30);
        Path a3open = written(ledger, "evr-a-20260101T000200Z.mp4", 100, 60);
        // the same name scheme, but not written by this sink: another sink's or a person's files
        Path lookalike = file("evr-a-20250101T000000Z.mp4", 500, 100);
        Path other = file("evr-b-20260101T000000Z.mp4", 500, 100);
        assertThat(DiskBudget.usage(ledger)).isEqualTo(400 * 1024);
        DiskBudget.Result r = DiskBudget.enforce(ledger, 250 * 1024, Set.of(a3open));
        // a3 is oldest but open; then a1 and a2 go
        assertThat(r.deleted()).containsExactly(a1, a2);
        assertThat(r.totalBytes()).isEqualTo(200 * 1024);
        assertThat(a2dup).exists();
        assertThat(a3open).exists();
        assertThat(lookalike).exists();
        assertThat(other).exists();
        assertThat(ledger.files()).containsExactly(a2dup, a3open);
    }

    @Test
    void aPatternOfOnlyAVariableDeletesNothingItDidNotWrite() throws Exception {
        // fileNamePattern "${name}": a pattern-based sweep matched every .mp4 under the base directory, recursively
        SinkLedger mine = new SinkLedger(dir, "cam1", "sinkA");
        SinkLedger theirs = new SinkLedger(dir, "cam2", "sinkB");
        Path own = written(mine, "clip.mp4", 300, 10);
        Path anotherSinks = written(theirs, "nested/clip.mp4", 300, 500);
        Path unrelated = file("family/holiday.mp4", 900, 1000);
        DiskBudget.Result r = DiskBudget.enforce(mine, 0, Set.of());
        assertThat(r.deleted()).containsExactly(own);
        assertThat(anotherSinks).exists();
        assertThat(unrelated).exists();
        assertThat(DiskBudget.usage(theirs)).isEqualTo(300 * 1024);
    }

    @Test
    void assetBudgetsCountTheSegmentsOfTheSinksAssets() throws Exception {
        SinkLedger ledger = new SinkLedger(dir, "cam1", "videoSink");
        Path s1 = written(ledger, "cvr-cam1/20260101T000000Z.mp4", 300, 30);
        Path s2 = written(ledger, "cvr-cam1/20260101T000030Z.mp4", 300, 20);
        Path foreign = file("cvr-cam10/20260101T000000Z.mp4", 300, 90);
        DiskBudget.Result r = DiskBudget.enforce(ledger, 400 * 1024, Set.of());
        assertThat(r.deleted()).containsExactly(s1);
        assertThat(s2).exists();
        assertThat(foreign).exists();
    }

    @Test
    void aLedgerLineOutsideTheBaseIsIgnored() throws Exception {
        SinkLedger ledger = new SinkLedger(dir.resolve("base"), "cam1", "fileSink");
        Path outside = file("outside.mp4", 10, 10);
        Files.createDirectories(ledger.file().getParent());
        Files.writeString(ledger.file(), "../outside.mp4\n/etc/passwd\n");
        assertThat(DiskBudget.enforce(ledger, 0, Set.of()).deleted()).isEmpty();
        assertThat(outside).exists();
    }
}
