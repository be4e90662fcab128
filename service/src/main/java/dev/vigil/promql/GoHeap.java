package dev.vigil.promql;

import dev.vigil.promql.Value.Sample;
import java.util.Collections;
import java.util.List;

/**
 * Go's container/heap over a list, with the two orderings topk and bottomk use, so that which of several
 * equal values survives is the same as in Prometheus.
 */
final class GoHeap {
    /** The heap's "less": for topk the smallest (NaN first) sits on top; for bottomk the largest. */
    interface Less {
        boolean less(Sample a, Sample b);
    }

    static final Less TOPK = (a, b) -> Double.isNaN(a.value()) || a.value() < b.value();
    static final Less BOTTOMK = (a, b) -> Double.isNaN(a.value()) || a.value() > b.value();

    private GoHeap() {
    }

    /** Prometheus's topk/bottomk step for one more sample, with a heap holding at most {@code k}. */
    static void offer(List<Sample> h, Sample s, long k, Less less) {
        Sample top = h.get(0);
        boolean better = less == TOPK ? top.value() < s.value() : top.value() > s.value();
        if (h.size() < k || better || Double.isNaN(top.value())) {
            if (h.size() == k) {
                if (k == 1) {
                    h.set(0, s);
                    return;
                }
                pop(h, less);
            }
            push(h, s, less);
        }
    }

    static void push(List<Sample> h, Sample s, Less less) {
        h.add(s);
        up(h, h.size() - 1, less);
    }

    static Sample pop(List<Sample> h, Less less) {
        int n = h.size() - 1;
        Collections.swap(h, 0, n);
        down(h, 0, n, less);
        return h.remove(n);
    }

    private static void up(List<Sample> h, int j, Less less) {
        while (true) {
            int i = (j - 1) / 2;
            if (i == j || j <= 0 || !less.less(h.get(j), h.get(i))) {
                break;
            }
            Collections.swap(h, i, j);
            j = i;
        }
    }

    private static void down(List<Sample> h, int i0, int n, Less less) {
        int i = i0;
        while (true) {
            int j1 = 2 * i + 1;
            if (j1 >= n || j1 < 0) {
                break;
            }
            int j = j1;
            int j2 = j1 + 1;
            if (j2 < n && less.less(h.get(j2), h.get(j1))) {
                j = j2;
            }
            if (!less.less(h.get(j), h.get(i))) {
                break;
            }
            Collections.swap(h, i, j);
            i = j;
        }
    }
}
