package io.fleetban.coordinator.state;

import java.util.Map;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.WriteBufferManager;

/**
 * Bounds the off-heap memory of all RocksDB stores of this process together: one shared LRU block cache, with the
 * memtables charged to it through a write buffer manager, and index and filter blocks counted in the cache too.
 * Without it every store (and every partition's store) takes its own cache and memtables, and RSS grows with the
 * partition count; with it the stores share one budget however many partitions an instance holds.
 *
 * <p>The cache is static because Kafka Streams creates one setter instance per store from the class name; sharing
 * across instances is the point. The first configured size wins for the life of the process.
 */
public final class BoundedRocksDbConfig implements RocksDBConfigSetter {

    /** Streams config key (passed through to {@link #setConfig}): total bytes for caches and memtables. */
    public static final String MEMORY_BYTES_CONFIG = "fleetban.rocksdb.memory.bytes";
    /** Used when {@link #MEMORY_BYTES_CONFIG} is not set. */
    public static final long DEFAULT_MEMORY_BYTES = 256L << 20;
    /** Share of the memory for memtables: writes are per offense, reads mostly hit recent keys. */
    private static final double MEMTABLE_SHARE = 0.5;
    /** Share of the cache reserved for index and filter blocks, so data blocks cannot evict them. */
    private static final double INDEX_FILTER_RATIO = 0.1;

    private static SharedMemory shared;

    @Override
    public void setConfig(String storeName, Options options, Map<String, Object> configs) {
        SharedMemory memory = sharedMemory(configs);
        BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
        table.setBlockCache(memory.cache());
        table.setCacheIndexAndFilterBlocks(true);
        table.setCacheIndexAndFilterBlocksWithHighPriority(true);
        table.setPinTopLevelIndexAndFilter(true);
        options.setTableFormatConfig(table);
        options.setWriteBufferManager(memory.writeBuffers());
    }

    @Override
    public void close(String storeName, Options options) {
        // The cache and the write buffer manager are shared by every store of the process: never closed per store.
    }

    private static synchronized SharedMemory sharedMemory(Map<String, Object> configs) {
        if (shared == null) {
            Object configured = configs.get(MEMORY_BYTES_CONFIG);
            long bytes = configured == null ? DEFAULT_MEMORY_BYTES : Long.parseLong(configured.toString());
            Cache cache = new LRUCache(bytes, -1, false, INDEX_FILTER_RATIO);
            shared = new SharedMemory(cache, new WriteBufferManager((long) (bytes * MEMTABLE_SHARE), cache));
        }
        return shared;
    }

    private record SharedMemory(Cache cache, WriteBufferManager writeBuffers) {}
}
