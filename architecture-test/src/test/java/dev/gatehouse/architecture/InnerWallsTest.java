package dev.gatehouse.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import dev.gatehouse.api.auth.Principal;
import dev.gatehouse.api.gateway.Authenticated;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Walls inside and across modules that the module graph alone does not draw: where key material,
 * principals and the operator's implementation may be reached from.
 */
class InnerWallsTest {

    static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = ModuleGraphTest.production();
    }

    @Test
    void onlyTheVaultTouchesSymmetricKeyMaterial() {
        noClasses()
                .that()
                .resideOutsideOfPackages("dev.gatehouse.vault..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("javax.crypto..")
                .because("the vault's master key and its AES-GCM keys stay inside the vault module")
                .check(classes);
    }

    static com.tngtech.archunit.lang.ArchRule surfacesNeverSeePrincipals() {
        return noClasses()
                .that()
                .resideInAnyPackage("dev.gatehouse.server..", "dev.gatehouse.cli..", "dev.gatehouse.bench..")
                .should()
                .dependOnClassesThat()
                .areAssignableTo(Principal.class)
                .because("surfaces hand the gateway credentials and get an Authenticated back (DESIGN section 3)");
    }

    @Test
    void surfacesNeverSeeOrMakeAPrincipal() {
        surfacesNeverSeePrincipals().check(classes);
    }

    @Test
    void aSurfaceThatForgesAPrincipalIsCaught() {
        var forger = new ClassFileImporter().importClasses(dev.gatehouse.server.archfixture.MakesAPrincipal.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> surfacesNeverSeePrincipals().check(forger))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("MakesAPrincipal");
    }

    @Test
    void onlyTheHostMintsAuthenticatedCallers() {
        classes()
                .that()
                .implement(Authenticated.class)
                .should()
                .resideInAPackage("dev.gatehouse.host")
                .because("an Authenticated is what stage 1 hands out; nothing else may pose as one")
                .check(classes);
    }

    @Test
    void theOperatorImplementationIsReachedOnlyByTheCliAndTheHost() {
        noClasses()
                .that()
                .resideOutsideOfPackages("dev.gatehouse.cli..", "dev.gatehouse.host..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("dev.gatehouse.host.operator..")
                .because("other surfaces render the operator contract in api, not the host's implementation")
                .check(classes);
    }

    @Test
    void theSandboxKeepsNoSecretsAndNoLog() {
        noClasses()
                .that()
                .resideInAPackage("dev.gatehouse.sandbox..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("dev.gatehouse.vault..", "dev.gatehouse.audit..", "dev.gatehouse.redaction..")
                .because("execution never sees the vault (DESIGN section 2)")
                .check(classes);
    }
}
