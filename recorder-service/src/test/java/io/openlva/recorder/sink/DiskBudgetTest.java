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

    @Test
    void deletesTheSinksOldestFilesFirstAndNothingElse() throws Exception {
        Path a1 = file("evr-a-20260101T000000Z.mp4", 100, 50);
        Path a2 = file("evr-a-20260101T000100Z.mp4", 100, 40);
        Path a2dup = file("evr-a-20260101T000100Z-1.mp4", 100, 30);
        Path a3open = file("evr-a-20260101T000200Z.mp4", 100, 60);
        Path other = file("evr-b-20260101T000000Z.mp4", 500, 100);
        Path notMp4 = file("evr-a-notes.txt", 500, 100);
        var owned = DiskBudget.ownedBy(dir, "evr-a-${System.DateTime}", false);
        assertThat(DiskBudget.usage(dir, owned)).isEqualTo(400 * 1024);
        DiskBudget.Result r = DiskBudget.enforce(dir, 250 * 1024, Set.of(a3open), owned);
        // a3 is oldest but open; then a1 and a2 go
        assertThat(r.deleted()).containsExactly(a1, a2);
        assertThat(r.totalBytes()).isEqualTo(200 * 1024);
        assertThat(a2dup).exists();
        assertThat(a3open).exists();
        assertThat(other).exists();
        assertThat(notMp4).exists();
    }

    @Test
    void assetBudgetsCountTheSegmentsOfTheSinksAssets() throws Exception {
        Path s1 = file("cvr-cam1/20260101T000000Z.mp4", 300, 30);
        Path s2 = file("cvr-cam1/20260101T000030Z.mp4", 300, 20);
        Path foreign = file("cvr-cam10/20260101T000000Z.mp4", 300, 90);
        var owned = DiskBudget.ownedBy(dir, "cvr-cam1", true);
        DiskBudget.Result r = DiskBudget.enforce(dir, 400 * 1024, Set.of(), owned);
        assertThat(r.deleted()).containsExactly(s1);
        assertThat(s2).exists();
        assertThat(foreign).exists();
    }
}
