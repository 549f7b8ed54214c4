// Package receipts lays out the paper slip that counter staff hand a customer
// after an OVO Cash top-up or disbursement, and sends it to a printer.
//
// One layout serves every output: Render gives plain text at 32, 42 or 48
// columns (58 mm and 80 mm thermal paper) and EncodeESCPOS gives the same lines
// as raw ESC/POS bytes for a receipt printer. A Printer, chosen by one setting
// (see NewPrinter), delivers a Receipt to nowhere, stdout, a folder of text
// files, a network printer on port 9100 or a printer device file.
//
// Printing never holds a transaction hostage: every Print is bounded by its
// context and by the printer's own timeout (5s by default) and returns an error
// saying which printer failed and how, so the caller can show it and offer to
// print again. The transaction itself is the caller's to store first.
//
// The package imports no other package of this project.
package receipts
