// Package receipts lays out the paper slip that counter staff hand a customer
// after an OVO Cash top-up or disbursement, and sends it to a printer.
//
// One layout serves every output: Render gives plain text at 32, 42 or 48
// columns (58 mm and 80 mm thermal paper) and ESCPOS.Encode gives the same lines
// as raw ESC/POS bytes for a receipt printer (code page PC858, the font of the
// width, an optional QR code of the partner reference and drawer kick). Both
// fold the text to what PC858 can print, so the screen, a file and the paper
// read the same. A Printer, chosen by one setting
// (see NewPrinter), delivers a Receipt to nowhere, stdout, a folder of text
// files, a network printer on port 9100 or a printer device file.
//
// The tcp and device printers ask a printer's real-time status first and
// report paper out, cover open or an error instead of printing; a printer
// that does not answer prints as before.
//
// Printing never holds a transaction hostage: every Print is bounded by its
// context and by the printer's own timeout (5s by default) and returns an error
// saying which printer failed and how, so the caller can show it and offer to
// print again. The transaction itself is the caller's to store first.
//
// The package imports no other package of this project.
package receipts
