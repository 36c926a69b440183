package io.accountshield.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.DBOptions;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;

/**
 * What a closed application's stores hold, read record by record from their RocksDB files: the
 * exact key count (RocksDB's own estimate counts every write still in a memtable, which under
 * exactly-once is most of them) and the live bytes (the files also hold older versions and
 * tombstones until compaction drops them).
 */
final class StoreKeys {

    /** Live records of one store, summed over tasks: their count and their keys' and values' bytes. */
    record Contents(long keys, long bytes) {

        Contents plus(Contents other) {
            return new Contents(keys + other.keys, bytes + other.bytes);
        }
    }

    private StoreKeys() {
    }

    /** Per store under {@code stateDir} ({@code <app>/<task>/rocksdb/<store>}), summed over tasks. */
    static Map<String, Contents> read(Path stateDir) throws IOException, RocksDBException {
        List<Path> databases;
        try (Stream<Path> files = Files.walk(stateDir)) {
            databases = files.filter(path -> Files.isDirectory(path) && path.getParent() != null
                    && path.getParent().getFileName().toString().equals("rocksdb")).toList();
        }
        Map<String, Contents> stores = new TreeMap<>();
        for (Path database : databases) {
            stores.merge(database.getFileName().toString(), readOne(database.toString()), Contents::plus);
        }
        return stores;
    }

    private static Contents readOne(String database) throws RocksDBException {
        List<ColumnFamilyDescriptor> families = new ArrayList<>();
        try (Options options = new Options()) {
            RocksDB.listColumnFamilies(options, database).forEach(name -> families.add(new ColumnFamilyDescriptor(name)));
        }
        List<ColumnFamilyHandle> handles = new ArrayList<>();
        try (DBOptions options = new DBOptions(); RocksDB db = RocksDB.openReadOnly(options, database, families, handles)) {
            // The store's records are in the default column family; Kafka Streams keeps its changelog offsets in another.
            long keys = 0;
            long bytes = 0;
            try (RocksIterator records = db.newIterator(db.getDefaultColumnFamily())) {
                for (records.seekToFirst(); records.isValid(); records.next()) {
                    keys++;
                    bytes += records.key().length + records.value().length;
                }
            }
            return new Contents(keys, bytes);
        } finally {
            handles.forEach(ColumnFamilyHandle::close);
        }
    }
}
