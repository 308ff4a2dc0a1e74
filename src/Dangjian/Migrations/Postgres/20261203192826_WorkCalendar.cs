using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

#pragma warning disable CA1814 // Prefer jagged arrays over multidimensional

namespace Dangjian.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class WorkCalendar : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "CalendarDays",
                columns: table => new
                {
                    Date = table.Column<DateOnly>(type: "date", nullable: false),
                    Kind = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Name = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Source = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CalendarDays", x => x.Date);
                });

            migrationBuilder.InsertData(
                table: "CalendarDays",
                columns: new[] { "Date", "Kind", "Name", "Source" },
                values: new object[,]
                {
                    { new DateOnly(2026, 1, 1), "Holiday", "元旦", "国务院办公厅关于2026年部分节假日安排的通知（2025年11月4日）" },
                    { new DateOnly(2026, 1, 2), "Holiday", "元旦", "国务院办公厅关于2026年部分节假日安排的通知（2025年11月4日）" },
                    { new DateOnly(2026, 1, 3), "Holiday", "元旦", "国务院办公厅关于2026年部分节假日安排的通知（2025年11月4日）" },
                    { new DateOnly(2026, 1, 4), "Workday", "元旦", "国务院办公厅关于2026年部分节假日安排的通知（2025年11月4日）" },
                    { new DateOnly(2026, 2, 14), "Workday", "春节", "国务院办公厅关于2026年部分节假日安排的通知（2025年11月4日）" },
                    { new DateOnly(2026, 2, 15), "Holiday", "春节", "国务院办公厅关于2026年部分节假日安排的通知（2025年11月4日）" },
                    { new DateOnly(2026, 2, 16), "Holiday", "春节", "国务院办公厅关于2026年部分节假日安排的通知（2025年11月4日）" },
                    { new DateOnly(2026, 2, 17), "Holiday", "春节", "国务院办公厅关于2026年部分节假日安排的通知（2025年11月4日）" },
                    { new DateOnly(2026, 2, 18), "Holiday", "春节", "国务院办公厅关于2026年部分节假日安排的通知（2025年11月4日）" },
                    { new DateOnly(2026, 2, 19), "Holiday", "春节", "国务院办公厅关于2026年部分节假日安排的通知（2025年11月4日）" },
                    { new DateOnly(2026, 2, 20), "Holiday", "春节", "国务院办公厅关于2026年部分节假日安排的通知（2025年11月4日）" },
                    { new DateOnly(2026, 2, 21), "Holiday", "春节", "国务院办公厅关于2026年部分节假日安排的通知（2025年11月4日）" },
                    { new DateOnly(2026, 2, 22), "Holiday", "春节", "国务院办公厅关于2026年部分节假日安排的通知（2025年11月4日）" },
                    { new DateOnly(2026, 2, 23), "Holiday", "春节", "国务院办公厅关于2026年部分节假日安排的通知（2025年11月4日）" },
                    { new DateOnly(2026, 2, 28), "Workday", "春节", "国务院办公厅关于2026年部分节假日安排的通知（2025年11月4日）" },
                    { new DateOnly(2026, 4, 4), "Holiday", "清明节", "国务院办公厅关于2026年部分节假日安排的通知（2025年11月4日）" },
                    { new DateOnly(2026, 4, 5), "Holiday", "清明节", "国务院办公厅关于2026年部分节假日安排的通知（2025年11月4日）" },
                    { new DateOnly(2026, 4, 6), "Holiday", "清明节", "国务院办公厅关于2026年部分节假日安排的通知（2025年11月4日）" },
                    { new DateOnly(2026, 5, 1), "Holiday", "劳动节", "国务院办公厅关于2026年部分节假日安排的通知（2025年11月4日）" },
                    { new DateOnly(2026, 5, 2), "Holiday", "劳动节", "国务院办公厅关于2026年部分节假日安排的通知（2025年11月4日）" },
                    { new DateOnly(2026, 5, 3), "Holiday", "劳动节", "国务院办公厅关于2026年部分节假日安排的通知（2025年11月4日）" },
                    { new DateOnly(2026, 5, 4), "Holiday", "劳动节", "国务院办公厅关于2026年部分节假日安排的通知（2025年11月4日）" },
                    { new DateOnly(2026, 5, 5), "Holiday", "劳动节", "国务院办公厅关于2026年部分节假日安排的通知（2025年11月4日）" },
                    { new DateOnly(2026, 5, 9), "Workday", "劳动节", "国务院办公厅关于2026年部分节假日安排的通知（2025年11月4日）" },
                    { new DateOnly(2026, 6, 19), "Holiday", "端午节", "国务院办公厅关于2026年部分节假日安排的通知（2025年11月4日）" },
                    { new DateOnly(2026, 6, 20), "Holiday", "端午节", "国务院办公厅关于2026年部分节假日安排的通知（2025年11月4日）" },
                    { new DateOnly(2026, 6, 21), "Holiday", "端午节", "国务院办公厅关于2026年部分节假日安排的通知（2025年11月4日）" },
                    { new DateOnly(2026, 9, 20), "Workday", "国庆节", "国务院办公厅关于2026年部分节假日安排的通知（2025年11月4日）" },
                    { new DateOnly(2026, 9, 25), "Holiday", "中秋节", "国务院办公厅关于2026年部分节假日安排的通知（2025年11月4日）" },
                    { new DateOnly(2026, 9, 26), "Holiday", "中秋节", "国务院办公厅关于2026年部分节假日安排的通知（2025年11月4日）" },
                    { new DateOnly(2026, 9, 27), "Holiday", "中秋节", "国务院办公厅关于2026年部分节假日安排的通知（2025年11月4日）" },
                    { new DateOnly(2026, 10, 1), "Holiday", "国庆节", "国务院办公厅关于2026年部分节假日安排的通知（2025年11月4日）" },
                    { new DateOnly(2026, 10, 2), "Holiday", "国庆节", "国务院办公厅关于2026年部分节假日安排的通知（2025年11月4日）" },
                    { new DateOnly(2026, 10, 3), "Holiday", "国庆节", "国务院办公厅关于2026年部分节假日安排的通知（2025年11月4日）" },
                    { new DateOnly(2026, 10, 4), "Holiday", "国庆节", "国务院办公厅关于2026年部分节假日安排的通知（2025年11月4日）" },
                    { new DateOnly(2026, 10, 5), "Holiday", "国庆节", "国务院办公厅关于2026年部分节假日安排的通知（2025年11月4日）" },
                    { new DateOnly(2026, 10, 6), "Holiday", "国庆节", "国务院办公厅关于2026年部分节假日安排的通知（2025年11月4日）" },
                    { new DateOnly(2026, 10, 7), "Holiday", "国庆节", "国务院办公厅关于2026年部分节假日安排的通知（2025年11月4日）" },
                    { new DateOnly(2026, 10, 10), "Workday", "国庆节", "国务院办公厅关于2026年部分节假日安排的通知（2025年11月4日）" }
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CalendarDays");
        }
    }
}
