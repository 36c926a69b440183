package io.accountshield.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.DBOptions;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;

/**
 * The exact number of keys of a closed application's store, read from its RocksDB files: RocksDB's
 * own estimate counts every write still in a memtable, which under exactly-once is most of them.
 */
final class StoreKeys {

    private StoreKeys() {
    }

    /** Keys of {@code store} summed over every task under {@code stateDir} ({@code <app>/<task>/rocksdb/<store>}). */
    static long count(Path stateDir, String store) throws IOException, RocksDBException {
        List<Path> databases;
        try (Stream<Path> files = Files.walk(stateDir)) {
            databases = files.filter(path -> Files.isDirectory(path) && path.getFileName().toString().equals(store)
                    && path.getParent().getFileName().toString().equals("rocksdb")).toList();
        }
        long keys = 0;
        for (Path database : databases) {
            keys += countOne(database.toString());
        }
        return keys;
    }

    private static long countOne(String database) throws RocksDBException {
        List<ColumnFamilyDescriptor> families = new ArrayList<>();
        try (Options options = new Options()) {
            RocksDB.listColumnFamilies(options, database).forEach(name -> families.add(new ColumnFamilyDescriptor(name)));
        }
        List<ColumnFamilyHandle> handles = new ArrayList<>();
        try (DBOptions options = new DBOptions(); RocksDB db = RocksDB.openReadOnly(options, database, families, handles)) {
            // The store's records are in the default column family; Kafka Streams keeps its changelog offsets in another.
            long keys = 0;
            try (RocksIterator records = db.newIterator(db.getDefaultColumnFamily())) {
                for (records.seekToFirst(); records.isValid(); records.next()) {
                    keys++;
                }
            }
            return keys;
        } finally {
            handles.forEach(ColumnFamilyHandle::close);
        }
    }
}
