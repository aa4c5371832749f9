package io.openlva.inference.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalDouble;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** cgroup v1/v2 CPU quotas read from files laid out as a container sees them. */
class CpuLimitTest {

    @TempDir
    Path root;

    @Test
    void v2ContainerWithItsOwnCgroupNamespace() throws IOException {
        write("proc/self/cgroup", "0::/\n");
        write("proc/self/mountinfo", "29 23 0:26 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime - cgroup2 cgroup2 rw,nsdelegate\n");
        write("sys/fs/cgroup/cpu.max", "150000 100000\n");
        CpuLimit limit = new CpuLimit(root);
        assertThat(limit.cpus()).isEqualTo(OptionalDouble.of(1.5));
        assertThat(limit.intraOpThreads(0, 32)).isEqualTo(2);
    }

    @Test
    void v2WithoutALimitUsesTheAvailableProcessors() throws IOException {
        write("proc/self/cgroup", "0::/\n");
        write("proc/self/mountinfo", "29 23 0:26 / /sys/fs/cgroup rw - cgroup2 cgroup2 rw\n");
        write("sys/fs/cgroup/cpu.max", "max 100000\n");
        CpuLimit limit = new CpuLimit(root);
        assertThat(limit.cpus()).isEmpty();
        assertThat(limit.intraOpThreads(0, 6)).isEqualTo(6);
    }

    @Test
    void v2NestedCgroupTakesTheSmallestLimitUpToTheMount() throws IOException {
        write("proc/self/cgroup", "0::/kubepods.slice/pod-a/ctr-1\n");
        write("proc/self/mountinfo", "1 0 8:1 / / rw - ext4 /dev/sda1 rw\n"
                + "29 23 0:26 / /sys/fs/cgroup rw,nosuid - cgroup2 cgroup2 rw\n");
        write("sys/fs/cgroup/kubepods.slice/pod-a/ctr-1/cpu.max", "max 100000\n");
        write("sys/fs/cgroup/kubepods.slice/pod-a/cpu.max", "300000 100000\n");
        write("sys/fs/cgroup/kubepods.slice/cpu.max", "50000 50000\n");
        // the host root has no cpu.max at all
        CpuLimit limit = new CpuLimit(root);
        assertThat(limit.cpus()).isEqualTo(OptionalDouble.of(1.0));
        assertThat(limit.intraOpThreads(0, 16)).isEqualTo(1);
    }

    @Test
    void v1CfsQuotaOverPeriod() throws IOException {
        write("proc/self/cgroup", "12:memory:/docker/abc\n4:cpu,cpuacct:/docker/abc\n1:name=systemd:/docker/abc\n");
        write("proc/self/mountinfo", "700 690 0:30 / / rw - overlay overlay rw\n"
                + "710 705 0:35 /docker/abc /sys/fs/cgroup/cpu,cpuacct ro,nosuid master:16 - cgroup cgroup rw,cpu,cpuacct\n"
                + "711 705 0:36 /docker/abc /sys/fs/cgroup/memory ro,nosuid master:17 - cgroup cgroup rw,memory\n");
        write("sys/fs/cgroup/cpu,cpuacct/cpu.cfs_quota_us", "250000\n");
        write("sys/fs/cgroup/cpu,cpuacct/cpu.cfs_period_us", "100000\n");
        CpuLimit limit = new CpuLimit(root);
        assertThat(limit.cpus()).isEqualTo(OptionalDouble.of(2.5));
        assertThat(limit.intraOpThreads(0, 64)).isEqualTo(3);
        // never more threads than processors this process may use (a cpuset)
        assertThat(limit.intraOpThreads(0, 2)).isEqualTo(2);
    }

    @Test
    void v1WithoutQuotaAndAConfiguredValueWins() throws IOException {
        write("proc/self/cgroup", "2:cpu:/\n");
        write("proc/self/mountinfo", "25 20 0:22 / /sys/fs/cgroup/cpu rw - cgroup cpu rw,cpu\n");
        write("sys/fs/cgroup/cpu/cpu.cfs_quota_us", "-1\n");
        write("sys/fs/cgroup/cpu/cpu.cfs_period_us", "100000\n");
        CpuLimit limit = new CpuLimit(root);
        assertThat(limit.cpus()).isEmpty();
        assertThat(limit.intraOpThreads(0, 4)).isEqualTo(4);
        write("sys/fs/cgroup/cpu/cpu.cfs_quota_us", "100000\n");
        assertThat(limit.intraOpThreads(0, 4)).isEqualTo(1);
        assertThat(limit.intraOpThreads(3, 4)).as("configured").isEqualTo(3);
    }

    @Test
    void hybridHostsReadTheV1CpuController() throws IOException {
        write("proc/self/cgroup", "0::/user.slice\n3:cpu,cpuacct:/user.slice\n");
        write("proc/self/mountinfo", "30 23 0:27 / /sys/fs/cgroup/unified rw - cgroup2 cgroup2 rw\n"
                + "31 23 0:28 / /sys/fs/cgroup/cpu,cpuacct rw - cgroup cgroup rw,cpu,cpuacct\n");
        write("sys/fs/cgroup/cpu,cpuacct/user.slice/cpu.cfs_quota_us", "400000\n");
        write("sys/fs/cgroup/cpu,cpuacct/user.slice/cpu.cfs_period_us", "100000\n");
        assertThat(new CpuLimit(root).cpus()).isEqualTo(OptionalDouble.of(4.0));
    }

    @Test
    void nothingReadableMeansNoLimit() {
        CpuLimit limit = new CpuLimit(root);
        assertThat(limit.cpus()).isEmpty();
        assertThat(limit.intraOpThreads(0, 3)).isEqualTo(3);
    }

    private void write(String relative, String content) throws IOException {
        Path p = root.resolve(relative);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content);
    }
}
