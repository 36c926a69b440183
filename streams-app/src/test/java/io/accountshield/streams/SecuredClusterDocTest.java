package io.accountshield.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * docs/operations.md gives the application's ACLs twice, as a table and as a kafka-acls.sh script: an operator may
 * follow either. SecuredClusterIT proves the table's grants sufficient on a broker; this keeps the script equal to it.
 */
class SecuredClusterDocTest {

    @Test
    void scriptShouldGrantExactlyWhatTheTableLists() throws IOException {
        assertThat(DocumentedAcls.script())
                .as("docs/operations.md, 'A secured cluster': the kafka-acls.sh script and the table differ")
                .containsExactlyInAnyOrderElementsOf(DocumentedAcls.table());
    }
}
