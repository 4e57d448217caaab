package io.fleetban.shipper.tail;

/**
 * The lines of one file whose offenses are in flight: their offsets in the order they were held (ascending, as the
 * reader reads) with a hold count each, in a ring of primitive arrays. A backlog keeps a whole producer buffer of
 * lines in flight (hundreds of thousands); a sorted map of boxed offsets cost an allocation and a rebalance per
 * line and heap the GC had to copy until the broker answered. Releases arrive out of order (offenses of one file go
 * to several partitions): a released line stays in the ring with no holds until every line before it is released.
 * Not thread-safe: {@link FileCursor} synchronizes.
 */
final class HeldLines {

    private static final int INITIAL_CAPACITY = 64;

    private long[] offsets = new long[INITIAL_CAPACITY];
    private int[] holds = new int[INITIAL_CAPACITY];
    private int head;
    private int size;

    /** Adds a hold on the line at {@code offset}, which is the last line held or a later one. */
    void hold(long offset) {
        if (size > 0) {
            int last = slot(size - 1);
            if (offsets[last] == offset) {
                holds[last]++;
                return;
            }
            if (offsets[last] > offset) {
                throw new IllegalStateException("hold at offset " + offset + " after a hold at " + offsets[last]
                        + ": lines are held in file order");
            }
        }
        if (size == offsets.length) {
            grow();
        }
        int slot = slot(size);
        offsets[slot] = offset;
        holds[slot] = 1;
        size++;
    }

    /** Drops one hold on the line at {@code offset}; false when that line holds none. */
    boolean release(long offset) {
        int position = find(offset);
        if (position < 0 || holds[slot(position)] == 0) {
            return false;
        }
        holds[slot(position)]--;
        while (size > 0 && holds[head] == 0) {
            head = (head + 1) % offsets.length;
            size--;
        }
        return true;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** Offset of the first line still held; only when not {@link #isEmpty()}. */
    long first() {
        return offsets[head];
    }

    /** Binary search over the ring's positions (offsets ascend from the head); -1 when absent. */
    private int find(long offset) {
        int low = 0;
        int high = size - 1;
        while (low <= high) {
            int middle = (low + high) >>> 1;
            long value = offsets[slot(middle)];
            if (value < offset) {
                low = middle + 1;
            } else if (value > offset) {
                high = middle - 1;
            } else {
                return middle;
            }
        }
        return -1;
    }

    private int slot(int position) {
        return (head + position) % offsets.length;
    }

    private void grow() {
        long[] newOffsets = new long[offsets.length * 2];
        int[] newHolds = new int[holds.length * 2];
        for (int position = 0; position < size; position++) {
            newOffsets[position] = offsets[slot(position)];
            newHolds[position] = holds[slot(position)];
        }
        offsets = newOffsets;
        holds = newHolds;
        head = 0;
    }
}
