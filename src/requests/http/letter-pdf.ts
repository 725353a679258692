import PDFDocument from 'pdfkit';

/**
 * A letter as a PDF: US Letter, one-inch margins, the standard Times face (no font files to
 * ship), the text as it was stored, wrapped by the library and paged as needed.
 */
export function letterPdf(text: string, title: string, createdAt: Date): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({
      size: 'LETTER',
      margin: 72,
      info: { Title: title, CreationDate: createdAt, ModDate: createdAt },
    });
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.font('Times-Roman').fontSize(12).text(text, { align: 'left', lineGap: 2 });
    doc.end();
  });
}
