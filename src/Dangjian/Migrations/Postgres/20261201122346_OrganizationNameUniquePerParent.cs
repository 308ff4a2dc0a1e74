using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Dangjian.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class OrganizationNameUniquePerParent : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Existing duplicates (made before the index existed) keep the oldest name; the later ones get their id
            // appended, so that nothing is lost and an administrator can rename or dissolve them.
            migrationBuilder.Sql("""
                UPDATE "Organizations" SET "Name" = substr("Name", 1, 80) || '（重名' || "Id" || '）'
                WHERE "DissolvedAt" IS NULL AND EXISTS (
                    SELECT 1 FROM "Organizations" AS older
                    WHERE older."ParentId" = "Organizations"."ParentId" AND older."Name" = "Organizations"."Name"
                      AND older."DissolvedAt" IS NULL AND older."Id" < "Organizations"."Id");
                """);

            migrationBuilder.CreateIndex(
                name: "IX_Organizations_OneNamePerParent",
                table: "Organizations",
                columns: new[] { "ParentId", "Name" },
                unique: true,
                filter: "\"DissolvedAt\" IS NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Organizations_OneNamePerParent",
                table: "Organizations");
        }
    }
}
