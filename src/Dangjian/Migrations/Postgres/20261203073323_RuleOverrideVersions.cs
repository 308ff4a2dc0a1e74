using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Dangjian.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class RuleOverrideVersions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_RuleOverrides_RuleKey_OrganizationId",
                table: "RuleOverrides");

            migrationBuilder.AlterColumn<decimal>(
                name: "Value",
                table: "RuleOverrides",
                type: "numeric(18,4)",
                precision: 18,
                scale: 4,
                nullable: true,
                oldClrType: typeof(decimal),
                oldType: "numeric(18,4)",
                oldPrecision: 18,
                oldScale: 4);

            migrationBuilder.AddColumn<DateOnly>(
                name: "EffectiveFrom",
                table: "RuleOverrides",
                type: "date",
                nullable: false,
                defaultValue: new DateOnly(1, 1, 1));

            migrationBuilder.AddColumn<string>(
                name: "UnitKind",
                table: "RuleOverrides",
                type: "character varying(40)",
                maxLength: 40,
                nullable: false,
                defaultValue: "");

            migrationBuilder.CreateIndex(
                name: "IX_RuleOverrides_OrganizationPath",
                table: "RuleOverrides",
                column: "OrganizationPath");

            migrationBuilder.CreateIndex(
                name: "IX_RuleOverrides_RuleKey_OrganizationId_UnitKind_EffectiveFrom",
                table: "RuleOverrides",
                columns: new[] { "RuleKey", "OrganizationId", "UnitKind", "EffectiveFrom" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_RuleOverrides_OrganizationPath",
                table: "RuleOverrides");

            migrationBuilder.DropIndex(
                name: "IX_RuleOverrides_RuleKey_OrganizationId_UnitKind_EffectiveFrom",
                table: "RuleOverrides");

            migrationBuilder.DropColumn(
                name: "EffectiveFrom",
                table: "RuleOverrides");

            migrationBuilder.DropColumn(
                name: "UnitKind",
                table: "RuleOverrides");

            migrationBuilder.AlterColumn<decimal>(
                name: "Value",
                table: "RuleOverrides",
                type: "numeric(18,4)",
                precision: 18,
                scale: 4,
                nullable: false,
                defaultValue: 0m,
                oldClrType: typeof(decimal),
                oldType: "numeric(18,4)",
                oldPrecision: 18,
                oldScale: 4,
                oldNullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_RuleOverrides_RuleKey_OrganizationId",
                table: "RuleOverrides",
                columns: new[] { "RuleKey", "OrganizationId" },
                unique: true);
        }
    }
}
