using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Dangjian.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class OrgPathStatistics : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Not expressible in the EF model. With the default 100 histogram buckets every county or street prefix
            // is guessed at a handful of rows and plans flip; 1000 buckets size a county right.
            // The column is analyzed at once so that an existing database benefits without waiting for autovacuum.
            migrationBuilder.Sql("""ALTER TABLE "Members" ALTER COLUMN "OrgPath" SET STATISTICS 1000;""");
            migrationBuilder.Sql("""ANALYZE "Members" ("OrgPath");""");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""ALTER TABLE "Members" ALTER COLUMN "OrgPath" SET STATISTICS -1;""");
        }
    }
}
