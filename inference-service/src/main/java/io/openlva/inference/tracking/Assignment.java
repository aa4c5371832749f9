package io.openlva.inference.tracking;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Matching tracks to detections by a score (higher is better); pairs under the threshold never match. */
final class Assignment {

    private Assignment() {
    }

    /** A matched track (row) and detection (column). */
    record Match(int track, int detection) {
    }

    /** Highest scores first, each track and detection used once: cheap, can miss the best overall matching. */
    static List<Match> greedy(double[][] score, double threshold) {
        List<double[]> pairs = new ArrayList<>();
        for (int i = 0; i < score.length; i++) {
            for (int j = 0; j < score[i].length; j++) {
                if (score[i][j] >= threshold) {
                    pairs.add(new double[] { score[i][j], i, j });
                }
            }
        }
        pairs.sort((a, b) -> Double.compare(b[0], a[0]));
        boolean[] rowUsed = new boolean[score.length];
        boolean[] colUsed = new boolean[score.length == 0 ? 0 : score[0].length];
        List<Match> out = new ArrayList<>();
        for (double[] p : pairs) {
            int i = (int) p[1];
            int j = (int) p[2];
            if (!rowUsed[i] && !colUsed[j]) {
                rowUsed[i] = true;
                colUsed[j] = true;
                out.add(new Match(i, j));
            }
        }
        return out;
    }

    /** The matching with the highest total score (Hungarian method, O(n³)), pairs under the threshold dropped. */
    static List<Match> optimal(double[][] score, double threshold) {
        int rows = score.length;
        int cols = rows == 0 ? 0 : score[0].length;
        if (rows == 0 || cols == 0) {
            return List.of();
        }
        int n = Math.max(rows, cols);
        // square cost matrix, 1-based as the classic formulation; padding and refused pairs cost the most
        double[][] cost = new double[n + 1][n + 1];
        for (int i = 1; i <= n; i++) {
            for (int j = 1; j <= n; j++) {
                boolean real = i <= rows && j <= cols && score[i - 1][j - 1] >= threshold;
                cost[i][j] = real ? -score[i - 1][j - 1] : 0;
            }
        }
        double[] u = new double[n + 1];
        double[] v = new double[n + 1];
        int[] match = new int[n + 1]; // column -> row
        int[] way = new int[n + 1];
        for (int i = 1; i <= n; i++) {
            match[0] = i;
            int j0 = 0;
            double[] minv = new double[n + 1];
            Arrays.fill(minv, Double.POSITIVE_INFINITY);
            boolean[] used = new boolean[n + 1];
            do {
                used[j0] = true;
                int i0 = match[j0];
                int j1 = 0;
                double delta = Double.POSITIVE_INFINITY;
                for (int j = 1; j <= n; j++) {
                    if (!used[j]) {
                        double cur = cost[i0][j] - u[i0] - v[j];
                        if (cur < minv[j]) {
                            minv[j] = cur;
                            way[j] = j0;
                        }
                        if (minv[j] < delta) {
                            delta = minv[j];
                            j1 = j;
                        }
                    }
                }
                for (int j = 0; j <= n; j++) {
                    if (used[j]) {
                        u[match[j]] += delta;
                        v[j] -= delta;
                    } else {
                        minv[j] -= delta;
                    }
                }
                j0 = j1;
            } while (match[j0] != 0);
            do {
                int j1 = way[j0];
                match[j0] = match[j1];
                j0 = j1;
            } while (j0 != 0);
        }
        List<Match> out = new ArrayList<>();
        for (int j = 1; j <= cols; j++) {
            int i = match[j];
            if (i >= 1 && i <= rows && score[i - 1][j - 1] >= threshold) {
                out.add(new Match(i - 1, j - 1));
            }
        }
        return out;
    }
}
